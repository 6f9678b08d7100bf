package io.signingmanager.manager.agent;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The identities last listed, asked for again when a minute old or when a signature named an unknown one. */
final class IdentityCache {
    static final Duration MAX_AGE = Duration.ofSeconds(60);

    private final Manager manager;
    private final Clock clock;
    private List<Identity> identities;
    private Instant listedAt;

    IdentityCache(Manager manager, Clock clock) {
        this.manager = manager;
        this.clock = clock;
    }

    synchronized List<Identity> identities() throws Problem {
        Instant now = clock.instant();
        if (identities == null || now.isAfter(listedAt.plus(MAX_AGE))) {
            identities = manager.identities();
            listedAt = now;
        }
        return identities;
    }

    synchronized void forget() {
        identities = null;
    }
}
