package io.signingmanager.service.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationsTest {
    @TempDir
    Path folder;

    @Test
    void theNewestIsTheLastMigrationInTheFolder() throws Exception {
        URL migrations = SchemaMigrations.class.getClassLoader().getResource("db/migration");
        try (Stream<Path> files = Files.list(Path.of(migrations.toURI()))) {
            int newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max(Comparator.naturalOrder())
                    .orElseThrow();
            assertThat(SchemaMigrations.NEWEST).isEqualTo(String.valueOf(newest));
        }
    }

    @Test
    void anEmptyDatabaseHasNoHistory() {
        JdbcDataSource empty = new JdbcDataSource();
        empty.setURL("jdbc:h2:mem:schema-migrations-empty");
        assertThat(SchemaMigrations.holdsNewest(empty)).isFalse();
    }

    @Test
    void aNewDatabaseIsMigratedAndAnUpToDateOneIsKnownAsSuch() {
        try (Database database = Database.openH2(folder)) {
            assertThat(SchemaMigrations.holdsNewest(database.dataSource())).isTrue();
        }
        // Opened again: the history says it is up to date, and the service's tables are there.
        try (Database database = Database.openH2(folder)) {
            assertThat(SchemaMigrations.holdsNewest(database.dataSource())).isTrue();
            Boolean usersTable = database.read(c -> c.createStatement().executeQuery("SELECT COUNT(*) FROM users").next());
            assertThat(usersTable).isTrue();
        }
    }
}
