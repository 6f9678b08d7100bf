package io.signingmanager.service.http;

import io.signingmanager.common.protocol.ErrorCode;

/** A request that cannot be served, with the code and the sentence its caller gets. */
public class ApiException extends Exception {
    private final ErrorCode code;

    public ApiException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ErrorCode.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }
}
