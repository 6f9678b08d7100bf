package io.signingmanager.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.tlog.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A record's leaf is docs/signing-log.md's version 1: every field under its name, in RFC 8785's order, the
 * absent ones left out; written member by member, it is what the canonical JSON of the record's map is.
 */
class LogLeafTest {

    @Test
    void aRecordWithEveryFieldIsItsCanonicalJsonAndAnEmptyOneHasOnlyWhatItHas() {
        AuditRecord full = new AuditRecord(42, Instant.parse("2026-12-05T06:41:02.123Z"), "admin", "failure", "why \"so\"",
                "key-id", "key name", "client-id", "host", "A".repeat(40), "Cert \u00e9", "ECDSA_SHA256", "10.0.0.7",
                "admin", Map.of("fileName", "a.exe", "fileSha256", "ab".repeat(32)), null, null, "user.update", "user",
                "u1", "User One", Map.of("active", "true"), Map.of("active", "false"),
                Instant.parse("2026-12-05T06:41:02Z"), 90, "AAEC", "cd".repeat(32), "ef".repeat(32));
        Map<String, Object> fields = new HashMap<>();
        fields.put("v", 1);
        fields.put("id", 42L);
        fields.put("time", "2026-12-05T06:41:02.123Z");
        fields.put("requestType", "admin");
        fields.put("status", "failure");
        fields.put("reason", "why \"so\"");
        fields.put("apiKeyId", "key-id");
        fields.put("apiKeyName", "key name");
        fields.put("clientId", "client-id");
        fields.put("clientHostname", "host");
        fields.put("certificateSha1", "A".repeat(40));
        fields.put("certificateName", "Cert \u00e9");
        fields.put("certificateSha256", "cd".repeat(32));
        fields.put("algorithm", "ECDSA_SHA256");
        fields.put("signedDigest", "AAEC");
        fields.put("signatureSha256", "ef".repeat(32));
        fields.put("remoteAddress", "10.0.0.7");
        fields.put("username", "admin");
        fields.put("context", Map.of("fileName", "a.exe", "fileSha256", "ab".repeat(32)));
        fields.put("action", "user.update");
        fields.put("objectKind", "user");
        fields.put("objectId", "u1");
        fields.put("objectName", "User One");
        fields.put("before", Map.of("active", "true"));
        fields.put("after", Map.of("active", "false"));
        fields.put("previousTime", "2026-12-05T06:41:02Z");
        fields.put("retentionDays", 90);
        assertThat(new String(LogLeaf.data(full), StandardCharsets.UTF_8))
                .isEqualTo(new String(CanonicalJson.write(fields), StandardCharsets.UTF_8));

        AuditRecord bare = new AuditRecord(1, Instant.parse("2026-12-05T00:00:00Z"), "index", "success", null, null,
                null, null, null, null, null, null, "127.0.0.1", null, Map.of(), null, null, null, null, null, null, null,
                null, null, null, null, null, null);
        assertThat(new String(LogLeaf.data(bare), StandardCharsets.UTF_8)).isEqualTo("{\"id\":1,\"remoteAddress\":"
                + "\"127.0.0.1\",\"requestType\":\"index\",\"status\":\"success\",\"time\":\"2026-12-05T00:00:00Z\",\"v\":1}");
    }
}
