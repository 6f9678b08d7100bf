package io.signingmanager.common.client;

import io.signingmanager.common.protocol.ErrorCode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A call to the Signing Service that did not succeed: no answer came ({@link Failure#UNREACHABLE},
 * {@link Failure#UNTRUSTED_TLS}), the answer could not be read ({@link Failure#BAD_ANSWER}), or the
 * service refused with one of its {@link ErrorCode}s ({@link Failure#REFUSED}).
 */
public class SigningServiceException extends Exception {
    /** How a call failed. */
    public enum Failure {
        UNREACHABLE, UNTRUSTED_TLS, BAD_ANSWER, REFUSED
    }

    private final Failure failure;
    private final int status;
    private final String wireCode;
    private final List<String> problems;

    private SigningServiceException(Failure failure, int status, String wireCode, String message, List<String> problems,
                                    Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.status = status;
        this.wireCode = wireCode;
        this.problems = problems.stream().filter(Objects::nonNull).toList();
    }

    /** No answer, or one that cannot be read; {@code status} is 0 when no answer came. */
    public static SigningServiceException failed(Failure failure, int status, String message, Throwable cause) {
        if (failure == Failure.REFUSED) {
            throw new IllegalArgumentException("A refusal has the service's code: use refused");
        }
        return new SigningServiceException(failure, status, failure.name().toLowerCase(Locale.ROOT), message, List.of(),
                cause);
    }

    /** The service's refusal, {@code {"error": wireCode, "message": message}} with that HTTP status. */
    public static SigningServiceException refused(int status, String wireCode, String message) {
        return refused(status, wireCode, message, List.of());
    }

    /** A refusal whose answer lists what is wrong, one sentence each, as {@code workflow_not_ready} does. */
    public static SigningServiceException refused(int status, String wireCode, String message, List<String> problems) {
        return new SigningServiceException(Failure.REFUSED, status, wireCode, message, problems, null);
    }

    public Failure failure() {
        return failure;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    /**
     * The service's code when it refused with one this client knows; empty for the other failures and
     * for a code from a newer service, which the client treats as a refusal it cannot tell apart.
     */
    public Optional<ErrorCode> code() {
        return failure == Failure.REFUSED ? Optional.ofNullable(ErrorCode.fromWire(wireCode)) : Optional.empty();
    }

    /** What the service listed as wrong (a workflow's checklist), as it sent it; empty when it listed nothing. */
    public List<String> problems() {
        return problems;
    }

    /** For the log: the service's code as sent, or the failure ({@code unreachable}, ...). */
    public String error() {
        return wireCode;
    }
}
