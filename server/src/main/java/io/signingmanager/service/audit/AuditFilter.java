package io.signingmanager.service.audit;

import java.time.Instant;

/** Which records to list; {@code null} fields do not filter. Newest first, {@code limit} from {@code offset}. */
public record AuditFilter(
        Instant from,
        Instant to,
        RequestType requestType,
        Status status,
        String apiKeyId,
        String clientId,
        AdminAction action,
        String username,
        int limit,
        int offset) {
}
