package io.signingmanager.service.certificates;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.KeyType;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
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
        KeyType keyType,
        int keySize,
        boolean active,
        @JsonIgnore boolean allKeysAuthorized,
        Instant importedAt,
        Instant updatedAt,
        @JsonIgnore byte[] certificate,
        @JsonIgnore byte[] chainDer) {

    /** The chain after the leaf, each certificate's DER; parsed when asked, not on the sign path. */
    public List<byte[]> chain() {
        List<byte[]> chain = new ArrayList<>();
        if (chainDer.length > 0) {
            for (X509Certificate certificate : Certificates.parseAll(chainDer)) {
                try {
                    chain.add(certificate.getEncoded());
                } catch (CertificateEncodingException e) {
                    throw new IllegalStateException("A stored chain certificate cannot be encoded", e);
                }
            }
        }
        return chain;
    }

    public boolean expiredAt(Instant now) {
        return notAfter.isBefore(now);
    }
}
