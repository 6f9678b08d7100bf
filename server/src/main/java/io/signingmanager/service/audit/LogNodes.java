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

/**
 * The {@code log_nodes} table: the hash of each complete subtree of the signing log, never changed once written,
 * keyed by the subtree's last leaf and its level (the nodes one append completes are neighbours).
 */
final class LogNodes {
    private LogNodes() {
    }

    private static long lastLeaf(int level, long index) {
        return ((index + 1) << level) - 1;
    }

    static void insert(Connection c, List<TreeEdge.Node> nodes) throws SQLException {
        if (nodes.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO log_nodes (last_leaf, level, hash) VALUES (?, ?, ?)")) {
            for (TreeEdge.Node node : nodes) {
                insert.setLong(1, lastLeaf(node.level(), node.index()));
                insert.setInt(2, node.level());
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
                return Sql.one(c, "SELECT hash FROM log_nodes WHERE last_leaf = ? AND level = ?", row -> row.getBytes(1),
                        lastLeaf(level, index), level).orElseThrow(() -> new StorageException(new SQLException(
                        "The signing log has no node " + index + " at level " + level)));
            } catch (SQLException e) {
                throw new StorageException(e);
            }
        };
    }

    /** The leaves' hashes with indexes in {@code [from, to)}, by index; a missing one is not in the map. */
    static Map<Long, byte[]> leaves(Connection c, long from, long to) throws SQLException {
        Map<Long, byte[]> leaves = new HashMap<>();
        for (Object[] row : Sql.list(c, "SELECT last_leaf, hash FROM log_nodes WHERE last_leaf >= ? AND last_leaf < ? "
                        + "AND level = 0",
                r -> new Object[] {r.getLong(1), r.getBytes(2)}, from, to)) {
            leaves.put((Long) row[0], (byte[]) row[1]);
        }
        return leaves;
    }
}
