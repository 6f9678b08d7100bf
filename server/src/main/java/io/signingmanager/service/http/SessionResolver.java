package io.signingmanager.service.http;

/** Finds the session a request carries (bearer token or cookie), or {@code null}. */
@FunctionalInterface
public interface SessionResolver {
    Session resolve(ApiRequest request);
}
