package io.signingmanager.manager.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.service.testing.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/** What the service's audit says of the files signed through it. */
public final class SignAudit {
    private SignAudit() {
    }

    /** The SHA-256 (lower-case hex) of a file as it is now: take it before the file is signed in place. */
    public static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(Files.readAllBytes(file)));
    }

    /** The audit has a signature whose context names the file {@code fileName}, that SHA-256 and format. */
    public static void assertAudited(TestService service, String fileName, String sha256, String format) throws Exception {
        JsonNode records = service.http.get("/api/v1/admin/audit?type=sign&limit=1000", service.adminToken()).json()
                .get("records");
        assertThat(records.findValues("context")).as("the audit of " + fileName).anySatisfy(context -> {
            assertThat(context.path("fileName").asText()).isEqualTo(fileName);
            assertThat(context.path("fileSha256").asText()).isEqualTo(sha256);
            assertThat(context.path("format").asText()).isEqualTo(format);
        });
    }

    /**
     * The sign calls that client made, counted in the audit: a plain sign call's record has no {@code batch}
     * in its context; of a batch call's records (one per item), one says {@code "batch": "1/total"}.
     */
    public static long signCalls(TestService service, String clientId) throws Exception {
        long calls = 0;
        for (JsonNode record : service.http.get("/api/v1/admin/audit?type=sign&limit=1000", service.adminToken()).json()
                .get("records")) {
            String batch = record.path("context").path("batch").asText("");
            if (record.path("clientId").asText().equals(clientId) && (batch.isEmpty() || batch.startsWith("1/"))) {
                calls++;
            }
        }
        return calls;
    }

    /** How many signatures that client's audit records tell, each successful. */
    public static long signatures(TestService service, String clientId) throws Exception {
        long signatures = 0;
        for (JsonNode record : service.http.get("/api/v1/admin/audit?type=sign&limit=1000", service.adminToken()).json()
                .get("records")) {
            if (record.path("clientId").asText().equals(clientId)) {
                assertThat(record.path("status").asText()).as(record.toString()).isEqualTo("success");
                signatures++;
            }
        }
        return signatures;
    }
}
