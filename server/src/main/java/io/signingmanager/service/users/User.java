package io.signingmanager.service.users;

import java.time.Instant;

/** A person who signs in to the Signing Service. */
public record User(
        String id,
        String username,
        boolean admin,
        boolean active,
        boolean mustChangePassword,
        Instant agreementAcceptedAt,
        Instant createdAt) {
}
