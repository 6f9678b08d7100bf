package io.signingmanager.service.appstore;

import java.time.Instant;

/**
 * An App Store Connect API key as the service keeps it: its name, the Issuer ID and Key ID that go
 * into every token, the team it reaches once a call has told us ({@code null} before), and when it was
 * last used. The {@code .p8} private key is sealed in its row and never leaves {@link ConnectKeyService}.
 */
public record ConnectKey(
        String id,
        String name,
        String issuerId,
        String keyId,
        String teamId,
        String teamName,
        Instant createdAt,
        Instant lastUsedAt) {
}
