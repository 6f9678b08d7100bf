package io.signingmanager.common.client;

import io.signingmanager.common.protocol.ErrorCode;
import java.util.Locale;
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

    private SigningServiceException(Failure failure, int status, String wireCode, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.status = status;
        this.wireCode = wireCode;
    }

    /** No answer, or one that cannot be read; {@code status} is 0 when no answer came. */
    public static SigningServiceException failed(Failure failure, int status, String message, Throwable cause) {
        if (failure == Failure.REFUSED) {
            throw new IllegalArgumentException("A refusal has the service's code: use refused");
        }
        return new SigningServiceException(failure, status, failure.name().toLowerCase(Locale.ROOT), message, cause);
    }

    /** The service's refusal, {@code {"error": wireCode, "message": message}} with that HTTP status. */
    public static SigningServiceException refused(int status, String wireCode, String message) {
        return new SigningServiceException(Failure.REFUSED, status, wireCode, message, null);
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

    /** For the log: the service's code as sent, or the failure ({@code unreachable}, ...). */
    public String error() {
        return wireCode;
    }
}
