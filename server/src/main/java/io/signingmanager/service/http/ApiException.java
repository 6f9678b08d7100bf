package io.signingmanager.service.http;

import io.signingmanager.common.protocol.ErrorCode;
import java.time.Duration;

/** A request that cannot be served, with the code and the sentence its caller gets. */
public class ApiException extends Exception {
    private final ErrorCode code;
    private Duration retryAfter;

    public ApiException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** Tells the caller when trying again may succeed (a lock, a busy service): the {@code Retry-After} header. */
    public ApiException retryAfter(Duration wait) {
        this.retryAfter = wait;
        return this;
    }

    /** Whole seconds to wait, at least 1, or {@code null} when trying again will not help. */
    public Long retryAfterSeconds() {
        return retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }
}
