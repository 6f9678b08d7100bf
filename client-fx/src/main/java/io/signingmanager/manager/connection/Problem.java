package io.signingmanager.manager.connection;

import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.text.Printable;
import java.util.Locale;

/**
 * Something that stops the Signing Manager, said in words with what to do about it. The kind gives
 * the command line its exit code and the window its icon.
 */
public final class Problem extends Exception {
    /** Kinds of problem, each with the command line's exit code. */
    public enum Kind {
        NOT_CONFIGURED(3), UNREACHABLE(4), UNTRUSTED_TLS(5), REFUSED(6), LOCAL(7), SERVICE(8);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;
    private final String advice;

    /** The message often carries the service's or the agent's words: it is kept printable (see {@link Printable}). */
    public Problem(Kind kind, String message, String advice, Throwable cause) {
        super(Printable.of(message), cause);
        this.kind = kind;
        this.advice = advice;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The service's error code ({@code client_inactive}, {@code unreachable}, ...) when the service
     * or the network said no, else the kind in lower case ({@code not_configured}, {@code local}).
     */
    public String code() {
        if (getCause() instanceof SigningServiceException refusal) {
            return refusal.error();
        }
        return kind.name().toLowerCase(Locale.ROOT);
    }

    /** What the user can do about it. */
    public String advice() {
        return advice;
    }

    /** The message and the advice, for a status line or stderr. */
    public String describe() {
        return getMessage() + " " + advice;
    }
}
