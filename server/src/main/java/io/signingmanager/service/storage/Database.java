package io.signingmanager.service.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.h2.api.ErrorCode;


/**
 * The service's one database: the embedded H2 by default, or a PostgreSQL server that several
 * replicas share. H2 runs in PostgreSQL mode so the same SQL serves PostgreSQL, and
 * with {@code WRITE_DELAY=0} so a commit is on disk before an answer leaves (H2 otherwise keeps
 * the last second of commits in memory, and a killed process loses them). Connections come from
 * HikariCP, which, unlike H2's own pool, does not roll back on every borrow and return: with
 * {@code WRITE_DELAY=0} each such rollback is a store commit that queues behind the audit's write.
 *
 * <p>A write that fails for want of room (a full disk) makes H2 close the whole database; its pooled
 * connections stay closed even once there is room again. Such failures are {@link
 * StorageUnavailableException}s (the caller gets a 503 with the reason, see {@link #health()}), and
 * they evict the pool's connections, so the next call opens the file afresh and succeeds when it can.
 */
public final class Database implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 64;
    // An in-memory H2 lives while one of its connections is open (the pool keeps them); Flyway uses two.
    private static final int SCRATCH_CONNECTIONS = 2;
    private static final String H2_NAME = "signing-service";
    // A PostgreSQL server is shared: its default max_connections (100) serves four replicas with room.
    private static final int MAX_SERVER_CONNECTIONS = 20;
    private static final int IDLE_SERVER_CONNECTIONS = 2;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // The health call writes at most this often, however many ask (it needs no credentials).
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(5);
    // H2's errors after it closed the database (a write failed), or for the file it cannot read or write.
    private static final Set<Integer> H2_CLOSED = Set.of(ErrorCode.DATABASE_IS_CLOSED,
            ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.IO_EXCEPTION_1, ErrorCode.IO_EXCEPTION_2);

    private final HikariDataSource pool;
    private final StorageHealth health = new StorageHealth();
    private final AtomicLong nextProbe = new AtomicLong(System.nanoTime());

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    public static Database openH2(Path dataFolder) {
        return openH2("file:" + h2File(dataFolder), ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE",
                MAX_CONNECTIONS);
    }

    /** The embedded H2 database file of a data folder, without H2's {@code .mv.db} ending. */
    public static Path h2File(Path dataFolder) {
        return dataFolder.toAbsolutePath().resolve(H2_NAME);
    }

    /**
     * An empty database in memory with the service's schema, gone at close: what the migrations alone
     * make (their tables, and the rows they insert), to compare a real database with.
     */
    public static Database openScratch() {
        return openH2("mem:scratch-" + UUID.randomUUID(), "", SCRATCH_CONNECTIONS);
    }

    private static Database openH2(String location, String settings, int connections) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:" + location + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + settings);
        config.setUsername("signing");
        config.setPassword("");
        config.setMaximumPoolSize(connections);
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        return open(config);
    }

    /**
     * A PostgreSQL server, shared by every replica; its commit is durable when it returns (the
     * server's default {@code synchronous_commit}). Fails in words when the server cannot be reached.
     */
    public static Database openPostgres(ExternalDatabase server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setInitializationFailTimeout(CONNECT_TIMEOUT.toMillis());
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.setMaximumPoolSize(MAX_SERVER_CONNECTIONS);
        config.setMinimumIdle(IDLE_SERVER_CONNECTIONS);
        try {
            return open(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StorageException("The database " + server.describe() + " cannot be reached or refused the sign-in: "
                    + rootMessage(e), e);
        }
    }

    private static Database open(HikariConfig config) {
        config.setPoolName("signing-service-db");
        Database database = new Database(new HikariDataSource(config));
        try {
            database.migrate();
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private void migrate() {
        SchemaMigrations.bringUpToDate(pool);
    }

    /**
     * The embedded H2 database copied while it runs into a zip that holds its {@code .mv.db}, as H2's
     * {@code BACKUP TO} makes it: consistent as of one moment (H2's MVCC), writers not held up. A
     * PostgreSQL server is backed up with its own tools (pg_dump), so this refuses one.
     */
    public void backupTo(Path zip) {
        if (!embedded()) {
            throw new IllegalStateException("Only the embedded H2 database is backed up this way; use pg_dump for PostgreSQL");
        }
        read(c -> {
            try (Statement backup = c.createStatement()) {
                backup.execute("BACKUP TO '" + zip.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            return null;
        });
    }

    /** Whether this is the embedded H2 database in a data folder (not PostgreSQL, not a scratch one). */
    public boolean embedded() {
        return pool.getJdbcUrl().startsWith("jdbc:h2:file:");
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * Runs the work in one transaction: committed when it returns, rolled back when it throws. A
     * database that cannot take it now throws {@link StorageUnavailableException}.
     */
    public <T, E extends Exception> T transaction(SqlWork<T, E> work) throws E {
        T result;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                result = work.run(connection);
                connection.commit();
            } catch (Exception e) {
                rollback(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        health.wrote();
        return result;
    }

    /** Runs read-only work (or a single statement) on a connection in auto-commit. */
    public <T, E extends Exception> T read(SqlWork<T, E> work) throws E {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Whether the database takes writes, as the last write found; tries one if none was tried for a while. */
    public StorageHealth.State health() {
        long now = System.nanoTime();
        long due = nextProbe.get();
        if (now - due >= 0 && nextProbe.compareAndSet(due, now + PROBE_INTERVAL.toNanos())) {
            try {
                transaction(c -> Sql.update(c, "UPDATE storage_probe SET checked_at = ? WHERE id = 1", Instant.now()));
            } catch (StorageUnavailableException e) {
                // Recorded in the health by failure().
            } catch (StorageException e) {
                health.failed(e.getMessage());
            }
        }
        return health.state();
    }

    /** The rollback of a closed connection fails too; the work's own failure is the one to report. */
    private static void rollback(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private StorageException failure(SQLException e) {
        if (!unavailable(e)) {
            return new StorageException(e);
        }
        String reason = rootMessage(e);
        health.failed(reason);
        if (closedByH2(e)) {
            // In-use connections are closed as they come back; the next borrow opens the file again.
            pool.getHikariPoolMXBean().softEvictConnections();
        }
        return new StorageUnavailableException("The service cannot use its database now (" + reason
                + "); nothing was done, try again later", e);
    }

    /** A failure of the storage itself (disk, closed database, unreachable or overloaded server), not of the SQL. */
    private static boolean unavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException || closedByH2(e)) {
            return true;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
            // PostgreSQL's classes 08 (connection), 53 (disk full, out of memory, too many connections), 57P (shut down).
            if (cause instanceof SQLException sql && sql.getSQLState() != null && (sql.getSQLState().startsWith("08")
                    || sql.getSQLState().startsWith("53") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean closedByH2(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && H2_CLOSED.contains(sql.getErrorCode())
                    && sql.getClass().getName().startsWith("org.h2.")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Work on a connection that may fail with SQL errors or its own checked exception. */
    @FunctionalInterface
    public interface SqlWork<T, E extends Exception> {
        T run(Connection connection) throws SQLException, E;
    }
}
