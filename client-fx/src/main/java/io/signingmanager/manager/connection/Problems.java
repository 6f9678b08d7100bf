package io.signingmanager.manager.connection;

import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.common.protocol.ErrorCode;
import java.net.URI;
import java.util.Optional;

/** Turns the service's refusals and the network's failures into {@link Problem}s a person understands. */
final class Problems {
    private Problems() {
    }

    static Problem notConfigured() {
        return new Problem(Problem.Kind.NOT_CONFIGURED, "The Signing Manager is not set up yet.",
                "Enter the Signing Service URL and an API key in Preferences, or run with -s -i URL -a KEY.", null);
    }

    /** A failure of a call made with the client token (listing or signing). */
    static Problem ofClientCall(SigningServiceException e, URI service) {
        if (e.code().orElse(null) == ErrorCode.UNAUTHENTICATED) {
            return new Problem(Problem.Kind.REFUSED, "The Signing Service no longer knows this machine.",
                    "Save the settings again (Preferences, or -s) to register it anew.", e);
        }
        return common(e, service);
    }

    /** A failure of a workflow call: the workflow is not ready (with its checklist), unknown, or not this key's. */
    static Problem ofWorkflowCall(SigningServiceException e, URI service, String workflow) {
        // A refusal without a code this client knows gets the same words as any other call's.
        return switch (e.code().orElse(ErrorCode.INTERNAL)) {
            case WORKFLOW_NOT_READY -> new Problem(Problem.Kind.REFUSED, "The workflow \"" + workflow + "\" is not ready:",
                    e.problems(), "An admin completes it on its page in the Signing Service (Apple, Workflows).", e);
            case NOT_FOUND -> new Problem(Problem.Kind.REFUSED, "The Signing Service has no workflow \"" + workflow
                    + "\" for this machine.",
                    "The Workflows list (signing-manager workflows) shows those this machine's API key may fetch.", e);
            case NOT_AUTHORIZED -> new Problem(Problem.Kind.REFUSED, e.getMessage() + ".",
                    "Ask an admin to allow this machine's API key on the workflow's page.", e);
            default -> ofClientCall(e, service);
        };
    }

    /** A failure of registering with an API key. */
    static Problem ofRegistration(SigningServiceException e, URI service) {
        if (e.code().orElse(null) == ErrorCode.UNAUTHENTICATED) {
            return new Problem(Problem.Kind.REFUSED, "The Signing Service does not know this API key.",
                    "Copy the key again from the API Keys page of the Signing Service (show value).", e);
        }
        return common(e, service);
    }

    private static Problem common(SigningServiceException e, URI service) {
        return switch (e.failure()) {
            case UNREACHABLE -> new Problem(Problem.Kind.UNREACHABLE,
                    "The Signing Service at " + service + " cannot be reached.",
                    "Check the URL in Preferences, the network, and that the service is running.", e);
            case UNTRUSTED_TLS -> untrusted(e, service);
            case BAD_ANSWER -> other(e);
            case REFUSED -> e.code().map(code -> refused(code, e)).orElseGet(() -> other(e));
        };
    }

    private static Problem refused(ErrorCode code, SigningServiceException e) {
        return switch (code) {
            case KEY_INACTIVE -> new Problem(Problem.Kind.REFUSED, e.getMessage() + ".",
                    "Ask an admin to make the API key active on the API Keys page.", e);
            case CLIENT_INACTIVE -> new Problem(Problem.Kind.REFUSED, e.getMessage() + ".",
                    "Ask an admin to make this client active on the Clients page.", e);
            case CERTIFICATE_INACTIVE, NOT_AUTHORIZED, UNKNOWN_CERTIFICATE -> new Problem(Problem.Kind.REFUSED,
                    e.getMessage() + ".", "Refresh the list; ask an admin if the certificate should be available.", e);
            default -> other(e);
        };
    }

    private static Problem other(SigningServiceException e) {
        return new Problem(Problem.Kind.SERVICE, "The Signing Service refused: " + e.getMessage(),
                "See the Signing Manager log for details.", e);
    }

    private static Problem untrusted(SigningServiceException e, URI service) {
        Optional<String> seen = seenCertificate(e).or(() -> probe(service));
        String advice = seen.map(sha256 -> "If the service uses a self-signed certificate, compare its SHA-256 "
                + sha256 + " with the one on the Signing Service's main page and choose Trust Self Signed Certificates.")
                .orElse("If the service uses a self-signed certificate, choose Trust Self Signed Certificates.");
        return new Problem(Problem.Kind.UNTRUSTED_TLS,
                "The TLS certificate of " + service + " is not trusted.", advice, e);
    }

    /** What the system's trust refused: learnt again with a pinned connection, so the user can compare it. */
    private static Optional<String> probe(URI service) {
        try {
            return Optional.of(ServerCertificate.sha256(service));
        } catch (Problem unknown) {
            return Optional.empty();
        }
    }

    /** The SHA-256 of the certificate the server showed, when a pinned connection refused it. */
    static Optional<String> seenCertificate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TlsTrust.UntrustedCertificateException untrusted) {
                return Optional.of(untrusted.seenSha256());
            }
        }
        return Optional.empty();
    }
}
