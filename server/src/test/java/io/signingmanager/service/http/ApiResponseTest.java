package io.signingmanager.service.http;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import org.junit.jupiter.api.Test;

/** JSON answers, errors and exports end with a newline, so a terminal's prompt after curl starts on its own line. */
class ApiResponseTest {
    @RunningService
    private static TestService service;

    @Test
    void jsonAnswersErrorsAndExportsEndWithANewline() {
        assertThat(expect(service.http.get("/api/v1/version", null), 200).text()).endsWith("}\n");
        assertThat(expect(service.http.get("/api/v1/admin/users", null), 401).text()).endsWith("}\n");
        String admin = service.adminToken();
        assertThat(expect(service.http.get("/api/v1/admin/audit?format=json", admin), 200).text()).endsWith("]\n");
    }
}
