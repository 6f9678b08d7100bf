package io.signingmanager.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path data;

    @Test
    void aFailedTransactionLeavesNothingAndTheDatabaseStaysUsable() {
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
    void workLeftInsideATransactionIsRolledBackWhenItsConnectionReturns() {
        try (Database database = Database.openH2(data)) {
            database.read(c -> Sql.update(c, "CREATE TABLE t (x INT)"));
            database.read(c -> {
                c.setAutoCommit(false);
                return Sql.update(c, "INSERT INTO t VALUES (1)");
            });
            assertThat(count(database)).isZero();
        }
    }

    @Test
    void anSqlErrorIsAStorageExceptionAndLeavesTheDatabaseUsable() {
        try (Database database = Database.openH2(data)) {
            assertThatThrownBy(() -> database.read(c -> Sql.update(c, "SELECT * FROM no_such_table")))
                    .isInstanceOf(StorageException.class);
            database.read(c -> Sql.update(c, "CREATE TABLE t (x INT)"));
            assertThat(count(database)).isZero();
        }
    }

    @Test
    void migrationsRunOnceAndCommitsSurviveAReopen() {
        try (Database database = Database.openH2(data)) {
            database.transaction(c -> Sql.update(c, "INSERT INTO license (id, content, uploaded_at) VALUES (1, 'x', ?)",
                    Instant.now()));
        }
        try (Database database = Database.openH2(data)) {
            String content = database.read(c -> Sql.one(c, "SELECT content FROM license", row -> row.getString(1)).orElseThrow());
            assertThat(content).isEqualTo("x");
        }
    }

    private static int count(Database database) {
        return database.read(c -> Sql.one(c, "SELECT COUNT(*) FROM t", row -> row.getInt(1)).orElseThrow());
    }
}
