package io.signingmanager.service.http;

import io.signingmanager.service.failure.Refusal;

/** Serves one method and path. */
@FunctionalInterface
public interface Route {
    ApiResponse handle(ApiRequest request) throws Refusal;
}
