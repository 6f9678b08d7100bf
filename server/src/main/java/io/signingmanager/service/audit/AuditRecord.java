package io.signingmanager.service.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/** One stored audit record, as listed and exported. */
@JsonPropertyOrder({"id", "time", "requestType", "status"})
public record AuditRecord(
        long id,
        Instant time,
        String requestType,
        String status,
        String reason,
        String apiKeyId,
        String apiKeyName,
        String clientId,
        String clientHostname,
        String certificateSha1,
        String certificateName,
        String algorithm,
        String remoteAddress,
        String username,
        Map<String, String> context,
        String previousHash,
        String hash) {

    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";
}
