package io.signingmanager.service.testing.appstore;

import java.util.Map;

/**
 * One request the double received: method, path, decoded query parameters, the token's claims as far
 * as they could be read (empty when there was no readable token), and the body (empty when none).
 */
public record AscRequest(String method, String path, Map<String, String> query, Map<String, Object> claims, String body) {
}
