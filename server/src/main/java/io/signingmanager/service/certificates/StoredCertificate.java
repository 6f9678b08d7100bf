package io.signingmanager.service.certificates;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/** A certificate row without its key: what lists, pages and the client protocol read. */
public record StoredCertificate(
        String id,
        String sha1,
        String sha256,
        String commonName,
        String subject,
        String issuer,
        String serial,
        Instant notBefore,
        Instant notAfter,
        String keyType,
        int keySize,
        boolean active,
        @JsonIgnore boolean allKeysAuthorized,
        Instant importedAt,
        Instant updatedAt,
        @JsonIgnore byte[] certificate,
        @JsonIgnore List<byte[]> chain) {

    public boolean expiredAt(Instant now) {
        return notAfter.isBefore(now);
    }
}
