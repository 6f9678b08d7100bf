package io.signingmanager.common.protocol;

import java.time.Instant;
import java.util.List;

/** One remote signing identity as the client sees it; certificates are DER in base64. */
public record Identity(
        String sha1,
        String sha256,
        String commonName,
        Instant notBefore,
        Instant notAfter,
        String keyType,
        int keySize,
        String certificate,
        List<String> chain) {
}
