package io.signingmanager.service.migration;

import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.ChainCheck;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.storage.DataFolder;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.ExternalDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Copies a data folder's embedded H2 database into an empty PostgreSQL database, for a service that
 * outgrows one machine. The source must be at rest: the data folder's lock (the one a service takes)
 * is held throughout, so a service running on it refuses the migration and none can start during it
 * (H2's own file lock would refuse a second opener too). A source written by an older version is first
 * brought to this version's schema, as starting the service on it would. The target must hold none of the service's
 * rows; that is checked before anything touches it, so a refused migration changes nothing.
 *
 * <p>Flyway gives the target the schema (the service's own migrations); every table is then copied
 * in one transaction, parents before children, and verified in that same transaction before it
 * commits: each table's row count and content digest ({@link TableDigest}) on both sides, and the
 * audit chain walked on the target as the service walks it. Either all of it commits or nothing does.
 * Values are copied as they are: sealed keys stay sealed under the data folder's master key, and the
 * audit's records, hashes and chain head are the same rows, so its ids go on where they stopped.
 */
public final class Migration {
    private static final int BATCH = 1000;
    /**
     * The retention the audit is verified with: each record's own (the one in force when it was
     * written) decides whether earlier purges were due, whatever license the replicas will have.
     */
    private static final Duration EVERY_RECORD_OWN_RETENTION = Duration.ofDays(Integer.MAX_VALUE);

    /** Copies and verifies, or refuses ({@link MigrationRefused}) and changes nothing. */
    public MigrationReport run(Path dataFolder, ExternalDatabase target) {
        long started = System.nanoTime();
        Path folder = dataFolder.toAbsolutePath();
        refuseMissingSource(folder);
        Schema schema = Schema.ofMigrations();
        try (DataFolder claimed = DataFolder.claim(folder); Database source = Database.openH2(claimed.path())) {
            refuseEmptySource(source, schema, folder);
            refuseNonEmptyTarget(target, schema);
            try (Database copy = Database.openPostgres(target)) {
                AuditLog audit = new AuditLog(copy, Clock.systemUTC(), () -> EVERY_RECORD_OWN_RETENTION);
                Verified verified = copy.transaction(to -> source.read(from -> copyAndVerify(schema, from, to, audit)));
                Path masterKey = folder.resolve(MasterKey.FILE_NAME);
                return new MigrationReport(verified.rows(), verified.audit(),
                        Duration.ofNanos(System.nanoTime() - started), Files.exists(masterKey) ? masterKey : null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The data folder " + folder + " could not be let go", e);
        }
    }

    private record Verified(Map<String, Long> rows, ChainCheck audit) {
    }

    private static void refuseMissingSource(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new MigrationRefused("There is no data folder " + folder);
        }
        Path file = Path.of(Database.h2File(folder) + ".mv.db");
        if (!Files.isRegularFile(file)) {
            throw new MigrationRefused("The data folder " + folder + " holds no Signing Service database ("
                    + file.getFileName() + " is missing): give --from the folder the service ran with (its --data)");
        }
    }

    private static void refuseEmptySource(Database source, Schema schema, Path folder) {
        boolean empty = source.read(c -> {
            for (Schema.Table table : schema.tables()) {
                if (Schema.count(c, table.name()) > table.seededRows()) {
                    return false;
                }
            }
            return true;
        });
        if (empty) {
            throw new MigrationRefused("The database in " + folder + " is empty: there is nothing to migrate");
        }
    }

    /**
     * Looks before Flyway runs on the target, on a connection of its own: a target with rows of ours
     * is not migrated, not even to a newer schema.
     */
    private static void refuseNonEmptyTarget(ExternalDatabase target, Schema schema) {
        Properties signIn = new Properties();
        if (target.user() != null) {
            signIn.setProperty("user", target.user());
        }
        if (target.password() != null) {
            signIn.setProperty("password", target.password());
        }
        List<String> holding = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(target.url(), signIn);
             PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (Schema.Table table : schema.tables()) {
                exists.setString(1, table.name());
                try (ResultSet answer = exists.executeQuery()) {
                    answer.next();
                    long rows = answer.getBoolean(1) ? Schema.count(c, table.name()) : 0;
                    if (rows > table.seededRows()) {
                        holding.add(table.name() + " (" + rows + ")");
                    }
                }
            }
        } catch (SQLException e) {
            throw new MigrationRefused("The database " + target.describe() + " cannot be reached or refused the sign-in: "
                    + e.getMessage());
        }
        if (!holding.isEmpty()) {
            throw new MigrationRefused("The database " + target.describe() + " is not empty: " + String.join(", ", holding)
                    + " hold rows. Nothing was changed; migrate into a new, empty database");
        }
    }

    private static Verified copyAndVerify(Schema schema, Connection from, Connection to, AuditLog audit)
            throws SQLException {
        // Only what the migrations inserted is there (checked before): the source's rows replace it.
        List<Schema.Table> childrenFirst = new ArrayList<>(schema.tables());
        Collections.reverse(childrenFirst);
        for (Schema.Table table : childrenFirst) {
            if (table.seededRows() > 0) {
                try (Statement delete = to.createStatement()) {
                    delete.executeUpdate("DELETE FROM " + table.name());
                }
            }
        }
        for (Schema.Table table : schema.tables()) {
            copy(table, from, to);
        }
        advanceSequences(to);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Schema.Table table : schema.tables()) {
            TableDigest before = TableDigest.of(from, table);
            TableDigest after = TableDigest.of(to, table);
            if (!before.equals(after)) {
                throw new IllegalStateException("The copy of " + table.name() + " differs from the source (" + before.rows()
                        + " rows, digest " + before.sha256() + "; copied " + after.rows() + " rows, digest " + after.sha256()
                        + "); nothing was committed");
            }
            rows.put(table.name(), after.rows());
        }
        // The walk reads only the connection it is given: the same check on both sides.
        ChainCheck copied = audit.verify(to);
        ChainCheck original = audit.verify(from);
        if (!copied.equals(original)) {
            throw new IllegalStateException("The audit verifies differently on the copy (" + copied + ") than on the source ("
                    + original + "); nothing was committed");
        }
        return new Verified(rows, copied);
    }

    private static void copy(Schema.Table table, Connection from, Connection to) throws SQLException {
        String columns = table.columnList();
        String values = String.join(", ", table.columns().stream().map(column -> "?").toList());
        try (Statement read = from.createStatement();
             ResultSet rows = read.executeQuery("SELECT " + columns + " FROM " + table.name());
             PreparedStatement insert = to.prepareStatement("INSERT INTO " + table.name() + " (" + columns
                     + ") VALUES (" + values + ")")) {
            int pending = 0;
            while (rows.next()) {
                for (int column = 1; column <= table.columns().size(); column++) {
                    insert.setObject(column, rows.getObject(column));
                }
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
    }

    /**
     * Moves every sequence that numbers a column of ours (serial or identity) past the copied ids,
     * so the next row the service inserts does not take one. The schema numbers rows itself today
     * (UUIDs, the audit's ids from its chain head); a later migration that adds a sequence is covered.
     */
    private static void advanceSequences(Connection to) throws SQLException {
        List<String[]> numbered = new ArrayList<>();
        try (Statement find = to.createStatement();
             ResultSet sequences = find.executeQuery("SELECT table_name, column_name, sequence FROM (SELECT table_name, "
                     + "column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence "
                     + "FROM information_schema.columns WHERE table_schema = current_schema()) c "
                     + "WHERE sequence IS NOT NULL")) {
            while (sequences.next()) {
                numbered.add(new String[] {sequences.getString(1), sequences.getString(2), sequences.getString(3)});
            }
        }
        for (String[] column : numbered) {
            try (PreparedStatement advance = to.prepareStatement("SELECT setval(?, (SELECT COALESCE(MAX(" + column[1]
                    + "), 0) + 1 FROM " + column[0] + "), false)")) {
                advance.setString(1, column[2]);
                advance.executeQuery().close();
            }
        }
    }
}
