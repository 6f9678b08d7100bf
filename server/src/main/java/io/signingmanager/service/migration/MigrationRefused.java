package io.signingmanager.service.migration;

/** A migration that was not started, and why: nothing was changed on either side. */
public final class MigrationRefused extends RuntimeException {
    MigrationRefused(String message) {
        super(message);
    }
}
