package io.signingmanager.common.crypto;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Certificate fingerprints as the product shows them: upper-case hex without separators. */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String sha1(X509Certificate certificate) {
        return hex(HashAlgorithm.SHA1.digest(der(certificate)));
    }

    public static String sha256(X509Certificate certificate) {
        return hex(HashAlgorithm.SHA256.digest(der(certificate)));
    }

    public static String sha256(byte[] der) {
        return hex(HashAlgorithm.SHA256.digest(der));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Certificate cannot be encoded", e);
        }
    }
}
