package io.signingmanager.service.apikeys;

import java.time.Instant;

/** An API key as listed: never its value, which only {@code GET .../value} shows. */
public record ApiKey(String id, String name, boolean active, Instant createdAt, int clientCount) {
}
