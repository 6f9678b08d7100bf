package io.signingmanager.service.failure;

import io.signingmanager.common.protocol.ErrorCode;
import java.time.Duration;
import java.util.List;

/**
 * A request the service does not carry out, with the code and the sentence its caller gets, and
 * for a failure of the service itself ({@link ErrorCode#INTERNAL}) the cause, which is logged where
 * the refusal is answered. Services throw it; the routes and pages only translate it.
 */
public class Refusal extends Exception {
    private final ErrorCode code;
    private Duration retryAfter;
    private List<String> problems;
    private Object details;

    public Refusal(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public Refusal(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** Tells the caller when trying again may succeed (a lock, a busy service): the {@code Retry-After} header. */
    public Refusal retryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    /** The things to fix before trying again, one sentence each ({@code workflow_not_ready}'s checklist). */
    public Refusal problems(List<String> problems) {
        this.problems = List.copyOf(problems);
        return this;
    }

    /** Data the caller needs to choose a way out (records, written as JSON), e.g. the certificates at a limit. */
    public Refusal details(Object details) {
        this.details = details;
        return this;
    }

    /** The details, or {@code null}. */
    public Object details() {
        return details;
    }

    /** The problems to fix, or {@code null} when the message says it all. */
    public List<String> problems() {
        return problems;
    }

    /** Whole seconds to wait, at least 1, or {@code null} when trying again will not help. */
    public Long retryAfterSeconds() {
        return retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    public static Refusal badRequest(String message) {
        return new Refusal(ErrorCode.BAD_REQUEST, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(ErrorCode.NOT_FOUND, message);
    }

    /** The service failed, not the caller: {@code message} is what the caller reads, {@code cause} goes to the log. */
    public static Refusal internal(String message, Throwable cause) {
        return new Refusal(ErrorCode.INTERNAL, message, cause);
    }
}
