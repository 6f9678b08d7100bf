package io.signingmanager.manager.connection;

import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.client.TlsTrust;
import java.net.URI;

/** The TLS certificate a service shows, learnt by connecting with a pin nothing matches. */
final class ServerCertificate {
    private static final String MATCHES_NOTHING = "00";

    private ServerCertificate() {
    }

    /** The certificate's SHA-256 (upper-case hex). */
    static String sha256(URI service) throws Problem {
        try {
            new SigningServiceClient(service, TlsTrust.pinned(MATCHES_NOTHING)).version();
        } catch (SigningServiceException e) {
            if (Problems.seenCertificate(e).isPresent()) {
                return Problems.seenCertificate(e).get();
            }
            if (e.failure() == SigningServiceException.Failure.UNTRUSTED_TLS) {
                // Not Problems.ofClientCall: its advice would probe the certificate again.
                throw new Problem(Problem.Kind.UNTRUSTED_TLS, "The TLS connection to " + service + " failed: "
                        + e.getMessage(), "Check that the URL is the Signing Service's https:// address.", e);
            }
            throw Problems.ofClientCall(e, service);
        }
        throw new Problem(Problem.Kind.UNTRUSTED_TLS, "The service at " + service + " did not show a TLS certificate.",
                "Use an https:// URL.", null);
    }
}
