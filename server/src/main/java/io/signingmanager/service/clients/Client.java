package io.signingmanager.service.clients;

import java.time.Instant;

/** A machine registered with an API key. */
public record Client(
        String id,
        String apiKeyId,
        String apiKeyName,
        String hostname,
        String platform,
        String appVersion,
        boolean active,
        Instant registeredAt,
        Instant lastSeenAt,
        String lastAddress) {
}
