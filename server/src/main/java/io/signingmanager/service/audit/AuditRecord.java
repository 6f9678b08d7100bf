package io.signingmanager.service.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
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
    public static final List<String> STATUSES = List.of(SUCCESS, FAILURE);
    /** What a record can be about: a client's registration, its listing of certificates, a signature, a sign-in. */
    public static final List<String> REQUEST_TYPES = List.of("register", "index", "sign", "login");
}
