package io.signingmanager.service.http;

import io.signingmanager.service.failure.Refusal;

/** How a family of routes talks to its callers: JSON for the API, HTML pages for browsers. */
public interface Dialect {
    /** The CSRF token a cookie-authenticated state change carries, or {@code null}; fails on a body that cannot be read. */
    String submittedCsrfToken(ApiRequest request) throws Refusal;

    /**
     * The answer for a refusal or a failure of a request to {@code path}; {@code session} is the
     * signed-in caller when known by then, else {@code null}.
     */
    ApiResponse failure(Refusal failure, String method, String path, Session session);
}
