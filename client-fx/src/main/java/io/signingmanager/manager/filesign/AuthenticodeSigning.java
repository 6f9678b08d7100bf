package io.signingmanager.manager.filesign;

import java.net.URI;
import java.nio.file.Path;
import java.security.cert.Certificate;
import net.jsign.AuthenticodeSigner;
import net.jsign.DigestAlgorithm;
import net.jsign.Signable;
import net.jsign.pe.QuickChecksumPeFile;
import net.jsign.timestamp.TimestampingMode;

/**
 * Signs the Authenticode formats (PE, MSI, CAB, catalogs, APPX/MSIX, NuGet, scripts) with jsign, in
 * place: jsign rewrites the file it opened.
 */
final class AuthenticodeSigning {
    private AuthenticodeSigning() {
    }

    /** Signs that file of that format; time-stamped (RFC 3161) when {@code tsa} is not {@code null}. */
    static void sign(Path file, FileFormat format, SigningKey key, URI tsa) throws Exception {
        AuthenticodeSigner signer = new AuthenticodeSigner(key.chain().toArray(Certificate[]::new), key.privateKey())
                .withDigestAlgorithm(DigestAlgorithm.valueOf("SHA" + key.digestBits()))
                .withSignatureAlgorithm(key.signatureAlgorithm(), key.provider())
                .withTimestamping(tsa != null);
        if (tsa != null) {
            signer.withTimestampingMode(TimestampingMode.RFC3161).withTimestampingAuthority(tsa.toString());
        }
        try (Signable signable = format == FileFormat.PE ? new QuickChecksumPeFile(file) : Signable.of(file.toFile())) {
            signer.sign(signable);
        }
    }
}
