package io.signingmanager.service.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Brings the schema up to date with Flyway, unless its history already holds the newest migration this
 * jar has: then one query instead of Flyway's start (its classes, the scan of the migrations, their
 * checksums), which was about a sixth of the service's start-up. A database newer than the jar is left
 * as Flyway leaves it by default (future migrations ignored).
 */
final class SchemaMigrations {
    /** The newest migration in {@code db/migration}; {@code SchemaMigrationsTest} holds it to the folder. */
    static final String NEWEST = "11";
    private static final String LOCATION = "classpath:db/migration";

    private SchemaMigrations() {
    }

    static void bringUpToDate(DataSource database) {
        if (!holdsNewest(database)) {
            Flyway.configure().dataSource(database).locations(LOCATION).load().migrate();
        }
    }

    /** Whether the newest migration was applied; a new database has no history table: false. */
    static boolean holdsNewest(DataSource database) {
        try (Connection connection = database.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT 1 FROM \"flyway_schema_history\" WHERE \"version\" = ? AND \"success\"")) {
            query.setString(1, NEWEST);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        } catch (SQLException noHistoryYet) {
            return false;
        }
    }
}
