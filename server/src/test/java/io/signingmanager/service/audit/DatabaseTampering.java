package io.signingmanager.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.tlog.MerkleHash;
import io.signingmanager.common.tlog.TreeEdge;
import io.signingmanager.service.storage.Sql;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import javax.sql.DataSource;

/** Tampering as someone with the database file would: straight through JDBC, behind the service's back. */
final class DatabaseTampering {
    private final DataSource database;

    DatabaseTampering(DataSource database) {
        this.database = database;
    }

    /** Runs a change that must touch exactly one row. */
    void sql(String statement, Object... parameters) throws SQLException {
        assertThat(update(statement, parameters)).isEqualTo(1);
    }

    int update(String statement, Object... parameters) throws SQLException {
        try (Connection c = database.getConnection()) {
            return Sql.update(c, statement, parameters);
        }
    }

    String column(long id, String column) throws SQLException {
        try (Connection c = database.getConnection()) {
            return Sql.one(c, "SELECT " + column + " FROM audit_records WHERE id = ?", row -> row.getString(1), id)
                    .orElseThrow();
        }
    }

    /**
     * Rewrites the whole signing log from the records' hashes as they now are, as one who changed a record
     * and its hash would to hide it: every row's nodes and the head's edge (the signed checkpoint stays).
     */
    void rewriteLog() throws SQLException {
        try (Connection c = database.getConnection()) {
            TreeEdge edge = TreeEdge.empty();
            List<Object[]> rows = Sql.list(c, "SELECT id, record_hash FROM audit_records ORDER BY id",
                    row -> new Object[] {row.getLong(1), row.getString(2)});
            for (Object[] row : rows) {
                List<TreeEdge.Node> completed = edge.append(HexFormat.of().parseHex((String) row[1]));
                ByteArrayOutputStream above = new ByteArrayOutputStream();
                completed.stream().skip(1).forEach(node -> above.writeBytes(node.hash()));
                Sql.update(c, "UPDATE audit_records SET log_nodes = ? WHERE id = ?", above.toByteArray(), row[0]);
            }
            ByteArrayOutputStream edgeHashes = new ByteArrayOutputStream();
            edge.nodes().forEach(node -> edgeHashes.writeBytes(node.hash()));
            assertThat(edgeHashes.size()).isEqualTo(MerkleHash.SIZE * Long.bitCount(edge.size()));
            Sql.update(c, "UPDATE audit_chain SET tree_edge = ? WHERE id = 1", edgeHashes.toByteArray());
        }
    }
}
