package io.signingmanager.service.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.signingmanager.common.json.Json;
import java.io.IOException;
import java.util.Base64;

/** Tampered license files, for the tests that check the service refuses them. */
public final class LicenseFiles {
    private LicenseFiles() {
    }

    /** The same file with the retention in the signed payload changed and the signature kept. */
    public static byte[] alterRetention(byte[] file, int days) throws IOException {
        ObjectNode outer = (ObjectNode) Json.mapper().readTree(file);
        ObjectNode payload = (ObjectNode) Json.mapper().readTree(Base64.getDecoder().decode(outer.get("license").asText()));
        payload.put("auditRetentionDays", days);
        outer.put("license", Base64.getEncoder().encodeToString(Json.mapper().writeValueAsBytes(payload)));
        return Json.mapper().writeValueAsBytes(outer);
    }
}
