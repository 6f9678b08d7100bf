package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.TreeEdge;
import io.signingmanager.common.tlog.TreeNodes;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code log_nodes} table: the hash of each complete subtree of the signing log, never changed once written. */
final class LogNodes {
    private LogNodes() {
    }

    static void insert(Connection c, List<TreeEdge.Node> nodes) throws SQLException {
        if (nodes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)")) {
            for (TreeEdge.Node node : nodes) {
                insert.setInt(1, node.level());
                insert.setLong(2, node.index());
                insert.setBytes(3, node.hash());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The stored nodes, read one at a time as a root or a proof asks for them; a missing node is a storage failure. */
    static TreeNodes reader(Connection c) {
        return (level, index) -> {
            try {
                return Sql.one(c, "SELECT hash FROM log_nodes WHERE level = ? AND idx = ?", row -> row.getBytes(1),
                        level, index).orElseThrow(() -> new StorageException(new SQLException(
                        "The signing log has no node " + index + " at level " + level)));
            } catch (SQLException e) {
                throw new StorageException(e);
            }
        };
    }

    /** The leaves' hashes with indexes in {@code [from, to)}, by index; a missing one is not in the map. */
    static Map<Long, byte[]> leaves(Connection c, long from, long to) throws SQLException {
        Map<Long, byte[]> leaves = new HashMap<>();
        for (Object[] row : Sql.list(c, "SELECT idx, hash FROM log_nodes WHERE level = 0 AND idx >= ? AND idx < ?",
                r -> new Object[] {r.getLong(1), r.getBytes(2)}, from, to)) {
            leaves.put((Long) row[0], (byte[]) row[1]);
        }
        return leaves;
    }
}
