package io.signingmanager.manager.connection;

import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.text.Printable;
import java.util.List;

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
    private final ProblemCode code;
    private final String advice;
    private final List<String> details;

    /** The message often carries the service's or the agent's words: it is kept printable (see {@link Printable}). */
    public Problem(Kind kind, String message, String advice, Throwable cause) {
        this(kind, cause instanceof SigningServiceException failed ? ProblemCode.of(failed) : codeOf(kind), message, advice,
                cause);
    }

    /** A problem whose code says more than its kind: the agent's answer, an unknown certificate. */
    public Problem(ProblemCode code, String message, String advice, Throwable cause) {
        this(code.kind(), code, message, advice, cause);
    }

    /** A refusal that lists what is wrong, one sentence each: a workflow's checklist. */
    public Problem(Kind kind, String message, List<String> details, String advice, Throwable cause) {
        this(kind, cause instanceof SigningServiceException failed ? ProblemCode.of(failed) : codeOf(kind), message,
                details, advice, cause);
    }

    private Problem(Kind kind, ProblemCode code, String message, String advice, Throwable cause) {
        this(kind, code, message, List.of(), advice, cause);
    }

    private Problem(Kind kind, ProblemCode code, String message, List<String> details, String advice, Throwable cause) {
        super(Printable.of(message), cause);
        this.kind = kind;
        this.code = code;
        this.advice = advice;
        this.details = details.stream().map(Printable::of).toList();
    }

    private static ProblemCode codeOf(Kind kind) {
        return switch (kind) {
            case NOT_CONFIGURED -> ProblemCode.NOT_CONFIGURED;
            case UNREACHABLE -> ProblemCode.UNREACHABLE;
            case UNTRUSTED_TLS -> ProblemCode.UNTRUSTED_TLS;
            case REFUSED -> ProblemCode.NOT_AUTHORIZED;
            case LOCAL -> ProblemCode.LOCAL;
            case SERVICE -> ProblemCode.SERVICE;
        };
    }

    public Kind kind() {
        return kind;
    }

    /** What went wrong as one word, the one the agent answers ({@code client_inactive}, {@code unreachable}, ...). */
    public ProblemCode code() {
        return code;
    }

    /** What the user can do about it. */
    public String advice() {
        return advice;
    }

    /** What is wrong item by item, printable, when the message alone does not say it; usually empty. */
    public List<String> details() {
        return details;
    }

    /** The message and the advice, for a status line or stderr. */
    public String describe() {
        return getMessage() + " " + advice;
    }
}
