package io.signingmanager.service.certificates;

import io.signingmanager.common.crypto.CertificateDescription;
import java.time.Instant;
import java.util.List;

/** A certificate as the admin API answers: its record, whether it expired, who may use it, and on the detail call its content. */
public record CertificateView(
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
        boolean expired,
        Authorization authorization,
        Instant importedAt,
        Instant updatedAt,
        List<String> warnings,
        String pem,
        List<String> chainPem,
        CertificateDescription details) {
}
