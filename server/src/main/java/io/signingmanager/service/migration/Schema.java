package io.signingmanager.service.migration;

import io.signingmanager.service.storage.Database;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The service's tables as its migrations make them, read from a scratch database migrated by Flyway
 * rather than listed here by hand, so a table a later migration adds is copied too. Tables come in an
 * order where each follows the tables its foreign keys name (a parent's rows are in before its
 * children's); each knows how many rows the migrations themselves insert (the audit chain's head,
 * the storage probe), which an empty target holds too.
 */
record Schema(List<Table> tables) {
    /** Flyway's own table: each database keeps the history of its own migrations. */
    private static final String FLYWAY_HISTORY = "flyway_schema_history";
    private static final String SCHEMA = "public";

    /** A table, its columns in their order, and the rows the migrations insert into it. */
    record Table(String name, List<String> columns, long seededRows) {
        String columnList() {
            return String.join(", ", columns);
        }
    }

    static Schema ofMigrations() {
        try (Database scratch = Database.openScratch()) {
            return scratch.read(Schema::read);
        }
    }

    private static Schema read(Connection connection) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        try (ResultSet tables = metadata.getTables(null, SCHEMA, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME");
                if (!name.equals(FLYWAY_HISTORY)) {
                    parents.put(name, new LinkedHashSet<>());
                }
            }
        }
        for (Map.Entry<String, Set<String>> table : parents.entrySet()) {
            try (ResultSet keys = metadata.getImportedKeys(null, SCHEMA, table.getKey())) {
                while (keys.next()) {
                    String parent = keys.getString("PKTABLE_NAME");
                    if (!parent.equals(table.getKey())) {
                        table.getValue().add(parent);
                    }
                }
            }
        }
        List<Table> ordered = new ArrayList<>();
        for (String name : parentsFirst(parents)) {
            ordered.add(new Table(name, columns(metadata, name), count(connection, name)));
        }
        return new Schema(List.copyOf(ordered));
    }

    /** The tables, each after every table it references. */
    private static List<String> parentsFirst(Map<String, Set<String>> parents) {
        List<String> order = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < parents.size()) {
            int before = placed.size();
            for (Map.Entry<String, Set<String>> table : parents.entrySet()) {
                if (!placed.contains(table.getKey()) && placed.containsAll(table.getValue())) {
                    placed.add(table.getKey());
                    order.add(table.getKey());
                }
            }
            if (placed.size() == before) {
                throw new IllegalStateException("The schema's foreign keys form a cycle among " + parents.keySet()
                        + " less " + placed + "; no copy order puts every parent first");
            }
        }
        return order;
    }

    private static List<String> columns(DatabaseMetaData metadata, String table) throws SQLException {
        Map<Integer, String> byPosition = new TreeMap<>();
        try (ResultSet columns = metadata.getColumns(null, SCHEMA, table, "%")) {
            while (columns.next()) {
                byPosition.put(columns.getInt("ORDINAL_POSITION"), columns.getString("COLUMN_NAME"));
            }
        }
        return List.copyOf(byPosition.values());
    }

    static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
