package io.signingmanager.common.client;

/**
 * A call to the Signing Service that did not succeed: {@code error} is the service's code
 * ({@code key_inactive}, ...) or {@link #UNREACHABLE} / {@link #UNTRUSTED_TLS} when no answer came.
 */
public class SigningServiceException extends Exception {
    public static final String UNREACHABLE = "unreachable";
    public static final String UNTRUSTED_TLS = "untrusted_tls";
    public static final String BAD_ANSWER = "bad_answer";

    private final int status;
    private final String error;

    public SigningServiceException(int status, String error, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
