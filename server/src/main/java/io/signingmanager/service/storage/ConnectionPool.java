package io.signingmanager.service.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Open database sessions kept for reuse, at most {@code max} at once. Unlike H2's
 * JdbcConnectionPool it does not roll back on every borrow and return: with WRITE_DELAY=0 each such
 * rollback is a store commit that queues on the store lock behind whichever commit is writing, so
 * every read waited for the audit's disk write. {@link Database} hands connections back only in
 * auto-commit with no transaction open, and drops those that failed with an SQL error.
 */
final class ConnectionPool implements AutoCloseable {
    private static final long WAIT_SECONDS = 30;

    private final DataSource sessions;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    ConnectionPool(DataSource sessions, int max) {
        this.sessions = sessions;
        this.permits = new Semaphore(max);
    }

    Connection borrow() throws SQLException {
        if (closed) {
            throw new SQLException("The database is closed");
        }
        try {
            if (!permits.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new SQLException("No database connection came free within " + WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while waiting for a database connection", e);
        }
        Connection connection = idle.pollFirst();
        if (connection != null) {
            return connection;
        }
        try {
            return sessions.getConnection();
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Takes the connection back; one that may be in a bad state ({@code reusable} false) is closed. */
    void giveBack(Connection connection, boolean reusable) {
        try {
            if (reusable && !closed) {
                idle.addFirst(connection);
                if (closed && idle.remove(connection)) {
                    closeQuietly(connection);
                }
            } else {
                closeQuietly(connection);
            }
        } finally {
            permits.release();
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing a session that already failed; nothing left to release.
        }
    }
}
