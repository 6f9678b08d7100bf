package io.signingmanager.service.http;

import io.signingmanager.service.failure.Refusal;

/** The API's way: the CSRF token in a header, errors as {@code {"error","message"}} JSON. */
public final class JsonDialect implements Dialect {
    public static final String CSRF_HEADER = "X-CSRF-Token";

    @Override
    public String submittedCsrfToken(ApiRequest request) {
        return request.header(CSRF_HEADER);
    }

    @Override
    public ApiResponse failure(Refusal failure, String method, String path, Session session) {
        return ApiResponse.error(failure);
    }
}
