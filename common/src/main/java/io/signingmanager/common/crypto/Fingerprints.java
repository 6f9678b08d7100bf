package io.signingmanager.common.crypto;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Certificate fingerprints: upper-case hex without separators where a program reads them (the
 * protocol, pins, tables); for a person comparing the service's TLS certificate, {@link #colons}
 * and {@link #lines}, the one way the service's log, its main page and the client's trust dialog
 * write it.
 */
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

    /** {@code AB:CD:...}: upper-case hex pairs joined by colons, on one line (the service's log). */
    public static String colons(String hex) {
        return String.join(":", pairs(hex));
    }

    /**
     * {@link #colons} split into two lines of equal length (16 pairs each for a SHA-256), short
     * enough to compare by eye on a page or in a dialog.
     */
    public static List<String> lines(String hex) {
        List<String> pairs = pairs(hex);
        int half = (pairs.size() + 1) / 2;
        return pairs.size() < 2 ? List.of(colons(hex))
                : List.of(String.join(":", pairs.subList(0, half)), String.join(":", pairs.subList(half, pairs.size())));
    }

    private static List<String> pairs(String hex) {
        String upper = hex.toUpperCase(Locale.ROOT);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < upper.length(); i += 2) {
            pairs.add(upper.substring(i, Math.min(upper.length(), i + 2)));
        }
        return pairs;
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
