package io.signingmanager.service.storage;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The service's one database. H2 runs in PostgreSQL mode so the same SQL serves PostgreSQL, and
 * with {@code WRITE_DELAY=0} so a commit is on disk before an answer leaves (H2 otherwise keeps
 * the last second of commits in memory, and a killed process loses them).
 */
public final class Database implements AutoCloseable {
    private static final int MAX_CONNECTIONS = 64;

    private final DataSource sessions;
    private final ConnectionPool pool;

    private Database(DataSource sessions) {
        this.sessions = sessions;
        this.pool = new ConnectionPool(sessions, MAX_CONNECTIONS);
    }

    public static Database openH2(Path dataFolder) {
        String url = "jdbc:h2:file:" + dataFolder.toAbsolutePath().resolve("signing-service")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
        JdbcDataSource sessions = new JdbcDataSource();
        sessions.setURL(url);
        sessions.setUser("signing");
        sessions.setPassword("");
        Database database = new Database(sessions);
        database.migrate();
        return database;
    }

    private void migrate() {
        Flyway.configure().dataSource(sessions).locations("classpath:db/migration").load().migrate();
    }

    /** Unpooled sessions (each {@code getConnection} opens one), for tools such as Flyway. */
    public DataSource dataSource() {
        return sessions;
    }

    /** Runs the work in one transaction: committed when it returns, rolled back when it throws. */
    public <T, E extends Exception> T transaction(SqlWork<T, E> work) throws E {
        Connection connection = borrow();
        boolean reusable = false;
        try {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (Exception e) {
                connection.rollback();
                connection.setAutoCommit(true);
                reusable = !(e instanceof SQLException);
                throw e;
            }
            connection.setAutoCommit(true);
            reusable = true;
            return result;
        } catch (SQLException e) {
            throw new StorageException(e);
        } finally {
            pool.giveBack(connection, reusable);
        }
    }

    /** Runs read-only work (or a single statement) on a connection in auto-commit. */
    public <T, E extends Exception> T read(SqlWork<T, E> work) throws E {
        Connection connection = borrow();
        boolean reusable = false;
        try {
            T result = work.run(connection);
            reusable = true;
            return result;
        } catch (SQLException e) {
            throw new StorageException(e);
        } catch (Exception e) {
            reusable = true;
            throw e;
        } finally {
            pool.giveBack(connection, reusable && inAutoCommit(connection));
        }
    }

    /** Whether the work left the connection as it found it; one left inside a transaction is not reused. */
    private static boolean inAutoCommit(Connection connection) {
        try {
            return connection.getAutoCommit();
        } catch (SQLException e) {
            return false;
        }
    }

    private Connection borrow() {
        try {
            return pool.borrow();
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
