package io.signingmanager.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionPoolTest {
    @TempDir
    Path data;

    @Test
    void readsAndTransactionsReuseTheirConnection() {
        try (Database database = Database.openH2(data)) {
            Connection first = connection(database);
            assertThat(connection(database)).isSameAs(first);
            Connection inTransaction = database.transaction(c -> c);
            assertThat(inTransaction).isSameAs(first);
            assertThat(connection(database)).isSameAs(first);
        }
    }

    @Test
    void aFailedTransactionLeavesNothingAndItsSessionIsStillUsable() {
        try (Database database = Database.openH2(data)) {
            database.read(c -> Sql.update(c, "CREATE TABLE t (x INT)"));
            assertThatThrownBy(() -> database.transaction(c -> {
                Sql.update(c, "INSERT INTO t VALUES (1)");
                throw new IllegalStateException("refused");
            })).hasMessage("refused");

            assertThat(count(database)).isZero();
            database.transaction(c -> Sql.update(c, "INSERT INTO t VALUES (2)"));
            assertThat(count(database)).isEqualTo(1);
        }
    }

    @Test
    void aSessionLeftInsideATransactionIsClosedNotReused() throws SQLException {
        try (Database database = Database.openH2(data)) {
            database.read(c -> Sql.update(c, "CREATE TABLE t (x INT)"));
            Connection leaky = database.read(c -> {
                c.setAutoCommit(false);
                Sql.update(c, "INSERT INTO t VALUES (1)");
                return c;
            });

            assertThat(leaky.isClosed()).isTrue();
            assertThat(connection(database)).isNotSameAs(leaky);
            assertThat(count(database)).isZero();
        }
    }

    @Test
    void aSessionThatFailedWithAnSqlErrorIsClosedNotReused() throws SQLException {
        try (Database database = Database.openH2(data)) {
            Connection before = connection(database);
            assertThatThrownBy(() -> database.read(c -> Sql.update(c, "SELECT * FROM no_such_table")))
                    .isInstanceOf(StorageException.class);

            assertThat(before.isClosed()).isTrue();
            assertThat(connection(database)).isNotSameAs(before);
        }
    }

    @Test
    void aClosedPoolLendsNothing() throws SQLException {
        org.h2.jdbcx.JdbcDataSource sessions = new org.h2.jdbcx.JdbcDataSource();
        sessions.setURL("jdbc:h2:mem:pool-test");
        ConnectionPool pool = new ConnectionPool(sessions, 2);
        Connection connection = pool.borrow();
        pool.close();
        pool.giveBack(connection, true);

        assertThat(connection.isClosed()).isTrue();
        assertThatThrownBy(pool::borrow).isInstanceOf(SQLException.class).hasMessageContaining("closed");
    }

    /** The connection a read gets; compared by identity only, never used outside the read. */
    private static Connection connection(Database database) {
        return database.read(c -> c);
    }

    private static long count(Database database) {
        return database.read(c -> Sql.one(c, "SELECT COUNT(*) FROM t", row -> row.getLong(1)).orElseThrow());
    }
}
