package io.signingmanager.manager.connection;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SHA-256 of a TLS certificate the user chose to trust, as typed: with or without the colons
 * the service's main page and log show, in either case.
 */
public record CertificatePin(String sha256) {
    private static final Pattern SHA256 = Pattern.compile("[0-9A-F]{64}");

    public CertificatePin {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
        }
    }

    /** {@code AB:CD:...} or {@code abcd...} as the upper-case hex the Signing Manager keeps. */
    public static CertificatePin parse(String typed) {
        return new CertificatePin(typed == null ? null : typed.strip().replace(":", "").toUpperCase(Locale.ROOT));
    }

    /** Whether the certificate a service presented, by its SHA-256 (upper-case hex), is this one. */
    public boolean matches(String presentedSha256) {
        return sha256.equals(presentedSha256);
    }
}
