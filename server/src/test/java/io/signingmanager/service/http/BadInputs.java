package io.signingmanager.service.http;

import static io.signingmanager.service.http.ErrorAnswers.assertErrorAnswer;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.params.provider.Arguments;

/**
 * What the corpora of bad input share ({@link BadInputTest}, {@link AppleBadInputTest}; App Store
 * Connect's corpus gets a class of its own next to them): the cases, the requests an admin sends, and
 * the check that each is refused and writes nothing.
 */
final class BadInputs {
    static final String PW = "p12 password";
    static final String NOWHERE = "00000000-0000-0000-0000-000000000000";

    private final TestService service;
    private final String admin;

    BadInputs(TestService service) {
        this.service = service;
        this.admin = service.adminToken();
    }

    /** A case: its name, the call, and the status and error code it must answer; no audit record. */
    static Arguments bad(String name, Supplier<Http.Answer> call, int status, String code) {
        return Arguments.of(name, call, status, code, 0);
    }

    /** A client protocol call: refused, and recorded as one failed audit record. */
    static Arguments audited(String name, Supplier<Http.Answer> call, int status, String code) {
        return Arguments.of(name, call, status, code, 1);
    }

    /** The call answers the error, and the service holds what it held before but for the audit records owed. */
    void assertRefusedAndNothingWritten(String name, Supplier<Http.Answer> call, int status, String code, int auditRecords) {
        Inventory before = Inventory.of(service);
        Http.Answer answer = call.get();

        assertErrorAnswer(answer, status, code);
        assertThat(Inventory.of(service)).as("what the service holds after: " + name).isEqualTo(before.plusAudit(auditRecords));
        if (auditRecords > 0) {
            assertThat(Inventory.lastAuditRecord(service).get("status").asText()).isEqualTo("failure");
        }
    }

    Http.Answer json(String method, String path, String token, String body) {
        return service.http.send(method, path, token, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    Http.Answer post(String path, String token, Object body) {
        return service.http.post(path, token, body);
    }

    /** An admin's upload of a file with its password. */
    Http.Answer upload(String method, String path, byte[] file, String password) {
        return service.http.upload(method, path, admin, "file", file, Map.of("password", password));
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static byte[] truncated() {
        byte[] p12 = TestPki.ec("secp256r1", "Truncated").p12(PW);
        return Arrays.copyOf(p12, p12.length * 2 / 3);
    }
}
