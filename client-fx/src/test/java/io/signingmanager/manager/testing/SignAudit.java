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
}
