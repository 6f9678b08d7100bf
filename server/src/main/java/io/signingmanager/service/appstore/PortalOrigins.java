package io.signingmanager.service.appstore;

import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.util.HashSet;
import java.util.Set;

/**
 * Which stored certificates and provisioning profiles the service created through App Store Connect:
 * those with Apple's resource id ({@code portal_id}), the only ones it ever renews, revokes or deletes.
 * The pages mark them "Created by the service for team ...".
 */
public final class PortalOrigins {
    private final Database database;

    public PortalOrigins(Database database) {
        this.database = database;
    }

    /** The ids of the certificates the service created. */
    public Set<String> certificateIds() {
        return database.read(c -> new HashSet<>(Sql.list(c, "SELECT id FROM certificates WHERE portal_id IS NOT NULL",
                row -> row.getString(1))));
    }

    /** The ids of the provisioning profiles the service created. */
    public Set<String> profileIds() {
        return database.read(c -> new HashSet<>(Sql.list(c,
                "SELECT id FROM provisioning_profiles WHERE portal_id IS NOT NULL", row -> row.getString(1))));
    }

    /** "Created by the service for team Example Corp (ABCDE12345)"; the team as far as it is known. */
    public static String createdFor(String teamId, String teamName) {
        String team = teamId == null ? "" : " for team " + (teamName == null ? teamId : teamName + " (" + teamId + ")");
        return "Created by the service" + team;
    }
}
