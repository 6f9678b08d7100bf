package io.signingmanager.service.http;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.RawHttps;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session is only as good as its user is now, and a browser's cookie changes nothing without its CSRF token. */
class SessionAccessTest {
    @RunningService
    private static TestService service;

    @Test
    void aDeactivatedOrDemotedUserLosesAccessAtOnce() {
        String token = service.userToken("demoted", true);
        String id = expect(service.http.get("/api/v1/auth/me", token), 200).json().get("id").asText();
        expect(service.http.patch("/api/v1/admin/users/" + id, service.adminToken(), Map.of("admin", false)), 200);
        assertRefused(service.http.get("/api/v1/admin/users", token), 403, "forbidden");
        expect(service.http.get("/api/v1/admin/certificates", token), 200);

        expect(service.http.patch("/api/v1/admin/users/" + id, service.adminToken(), Map.of("active", false)), 200);
        assertRefused(service.http.get("/api/v1/admin/certificates", token), 401, "unauthenticated");
        assertRefused(service.http.post("/api/v1/auth/login", null,
                Map.of("username", "demoted", "password", TestService.USER_PASSWORD)), 403, "forbidden");
    }

    @Test
    void anAnonymousCallerIsRefusedBeforeItsBodyIsRead() {
        byte[] large = new byte[2 * 1024 * 1024];
        assertRefused(service.http.send("POST", "/api/v1/admin/certificates", null, large, "multipart/form-data; boundary=x"),
                401, "unauthenticated");
        assertRefused(service.http.send("POST", "/api/v1/admin/certificates", service.adminToken(), large,
                "multipart/form-data; boundary=x"), 413, "too_large");
    }

    @Test
    void aCookieSessionChangesNothingWithoutItsCsrfToken() {
        service.userToken("cookie-user", true);
        JsonNode session = expect(service.http.post("/api/v1/auth/login", null,
                Map.of("username", "cookie-user", "password", TestService.USER_PASSWORD)), 200).json();
        String cookie = "Cookie: signing_session=" + session.get("token").asText();
        byte[] body = "{\"name\":\"made with a cookie\"}".getBytes(StandardCharsets.UTF_8);
        String post = "POST /api/v1/admin/api-keys HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n" + cookie;

        Inventory before = Inventory.of(service);
        assertRefused(RawHttps.send(service, post, body), 403, "csrf_mismatch");
        assertRefused(RawHttps.send(service, post + "\r\nX-CSRF-Token: forged", body), 403, "csrf_mismatch");
        assertThat(Inventory.of(service)).isEqualTo(before);
        assertThat(RawHttps.send(service, "GET /api/v1/admin/api-keys HTTP/1.1\r\nHost: localhost\r\n" + cookie, null)
                .status()).isEqualTo(200);
        assertThat(RawHttps.send(service, post + "\r\nX-CSRF-Token: " + session.get("csrfToken").asText(), body)
                .status()).isEqualTo(201);
    }

    private static void assertRefused(Http.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.json().path("error").asText()).isEqualTo(code);
    }
}
