package io.signingmanager.service.users;

import io.signingmanager.service.storage.Database;

/**
 * The first run lasts from the first start until someone has chosen a password of their own (the
 * default admin replacing {@code change_password} comes first): meanwhile anyone who reaches the
 * service could sign in as that admin, so it serves only its own machine (see
 * {@code http.FirstRunGate}). Once over, the first run stays over for this process, so asking costs a
 * query only while it lasts; another replica's password change is seen at its next question.
 */
public final class FirstRun {
    private final Database database;
    private final UserRepository users;
    private volatile boolean over;

    public FirstRun(Database database, UserRepository users) {
        this.database = database;
        this.users = users;
    }

    public boolean pending() {
        if (!over) {
            over = database.read(users::anyPasswordChosen);
        }
        return !over;
    }
}
