package io.signingmanager.service.http;

import io.signingmanager.common.protocol.ErrorCode;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Answers the errors Jetty raises before a route runs (bad URI, huge headers) as JSON. */
public final class ErrorPageHandler implements Request.Handler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        ErrorCode code = switch (status) {
            case 400 -> ErrorCode.BAD_REQUEST;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413, 431 -> ErrorCode.TOO_LARGE;
            default -> ErrorCode.INTERNAL;
        };
        ApiResponse answer = ApiResponse.error(code, "The request was refused (HTTP " + status + ")");
        RouteHandler.write(ApiResponse.bytes(status, answer.contentType(), answer.body()), request, response, callback);
        return true;
    }
}
