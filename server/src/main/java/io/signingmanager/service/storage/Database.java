package io.signingmanager.service.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.flywaydb.core.Flyway;


/**
 * The service's one database: the embedded H2 by default, or a PostgreSQL server that several
 * replicas share. H2 runs in PostgreSQL mode so the same SQL serves PostgreSQL, and
 * with {@code WRITE_DELAY=0} so a commit is on disk before an answer leaves (H2 otherwise keeps
 * the last second of commits in memory, and a killed process loses them). Connections come from
 * HikariCP, which, unlike H2's own pool, does not roll back on every borrow and return: with
 * {@code WRITE_DELAY=0} each such rollback is a store commit that queues behind the audit's write.
 */
public final class Database implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 64;
    // A PostgreSQL server is shared: its default max_connections (100) serves four replicas with room.
    private static final int MAX_SERVER_CONNECTIONS = 20;
    private static final int IDLE_SERVER_CONNECTIONS = 2;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    public static Database openH2(Path dataFolder) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dataFolder.toAbsolutePath().resolve("signing-service")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
        config.setUsername("signing");
        config.setPassword("");
        config.setMaximumPoolSize(MAX_CONNECTIONS);
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
        return root.getMessage();
    }

    private void migrate() {
        Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    public <T, E extends Exception> T transaction(SqlWork<T, E> work) throws E {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException(e);
        }
    }

    /** Runs read-only work (or a single statement) on a connection in auto-commit. */
    public <T, E extends Exception> T read(SqlWork<T, E> work) throws E {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StorageException(e);
        }
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
