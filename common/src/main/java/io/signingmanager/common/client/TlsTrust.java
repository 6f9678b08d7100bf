package io.signingmanager.common.client;

import io.signingmanager.common.crypto.Fingerprints;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which TLS certificates a client accepts: the platform's trusted CAs, or exactly one pinned
 * certificate (how "Trust Self Signed Certificates" works: pin what was seen, never trust anything).
 */
public final class TlsTrust {
    private final String pinnedSha256;

    private TlsTrust(String pinnedSha256) {
        this.pinnedSha256 = pinnedSha256;
    }

    public static TlsTrust system() {
        return new TlsTrust(null);
    }

    /** Trust only the certificate with this SHA-256 fingerprint (hex, any case, colons allowed). */
    public static TlsTrust pinned(String sha256Fingerprint) {
        return new TlsTrust(sha256Fingerprint.replace(":", "").toUpperCase(Locale.ROOT));
    }

    public boolean isPinned() {
        return pinnedSha256 != null;
    }

    public SSLContext sslContext() {
        try {
            if (pinnedSha256 == null) {
                return SSLContext.getDefault();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new PinnedTrustManager(pinnedSha256)}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this JDK", e);
        }
    }

    /** Accepts the one certificate whose fingerprint is pinned; the pin replaces the host name check. */
    private static final class PinnedTrustManager extends X509ExtendedTrustManager {
        private final String pinnedSha256;

        PinnedTrustManager(String pinnedSha256) {
            this.pinnedSha256 = pinnedSha256;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("The server sent no certificate");
            }
            String seen = Fingerprints.sha256(chain[0]);
            if (!seen.equals(pinnedSha256)) {
                throw new UntrustedCertificateException(seen, pinnedSha256);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("This trust manager only checks servers");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The server showed a certificate other than the pinned one. */
    public static final class UntrustedCertificateException extends CertificateException {
        private final String seenSha256;

        UntrustedCertificateException(String seenSha256, String pinnedSha256) {
            super("The server's TLS certificate " + seenSha256 + " is not the trusted one " + pinnedSha256);
            this.seenSha256 = seenSha256;
        }

        public String seenSha256() {
            return seenSha256;
        }
    }
}
