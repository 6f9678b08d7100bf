package io.signingmanager.service.http;

/** Serves one method and path. */
@FunctionalInterface
public interface Route {
    ApiResponse handle(ApiRequest request) throws ApiException;
}
