package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.MerkleHash;
import io.signingmanager.common.tlog.TreeEdge;
import io.signingmanager.common.tlog.TreeNodes;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the signing log's nodes are, never changed once written. The hash of each complete subtree is stored
 * with the leaf that completes it, its last leaf: in the row of that leaf's record (its {@code record_hash} the
 * leaf, its {@code log_nodes} the levels above, in order), or in the {@code log_nodes} table, keyed by last leaf
 * and level, for the records taken in from before the log, appended before the rows held their nodes, or purged.
 */
final class LogNodes {
    private static final int PURGE_BATCH = 10_000;

    private LogNodes() {
    }

    /** A node the tree needs is in neither place: its record was deleted other than by a purge, or the table altered. */
    static final class MissingNode extends StorageException {
        MissingNode(int level, long index) {
            super("The signing log has no node " + index + " at level " + level);
        }
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

    /**
     * The stored nodes ({@code firstLeafId}: the record of leaf 0), read one at a time as a root or a proof asks
     * for them: from the row of the node's last leaf, else from the table; a missing node is a storage failure.
     */
    static TreeNodes reader(Connection c, long firstLeafId) {
        return (level, index) -> {
            long leaf = lastLeaf(level, index);
            try {
                Optional<byte[]> inRow = Sql.one(c, "SELECT record_hash, log_nodes FROM audit_records WHERE id = ? "
                                + "AND log_nodes IS NOT NULL", row -> completedBy(row.getString(1), row.getBytes(2)),
                        firstLeafId + leaf).flatMap(nodes -> nodes.filter(n -> n.length > level)).map(n -> n[level]);
                if (inRow.isPresent()) {
                    return inRow.get();
                }
                return Sql.one(c, "SELECT hash FROM log_nodes WHERE last_leaf = ? AND level = ?", row -> row.getBytes(1),
                        leaf, level).orElseThrow(() -> new MissingNode(level, index));
            } catch (SQLException e) {
                throw new StorageException(e);
            }
        };
    }

    /**
     * The nodes each leaf with an index in {@code [from, to)} completes, by index, its own hash first: as stored,
     * to be checked against the tree the records make. A leaf with none stored is not in the map.
     */
    static Map<Long, byte[][]> completedBy(Connection c, long firstLeafId, long from, long to) throws SQLException {
        Map<Long, List<byte[]>> inTable = new HashMap<>();
        for (Object[] row : Sql.list(c, "SELECT last_leaf, hash FROM log_nodes WHERE last_leaf >= ? AND last_leaf < ? "
                + "ORDER BY last_leaf, level", r -> new Object[] {r.getLong(1), r.getBytes(2)}, from, to)) {
            inTable.computeIfAbsent((Long) row[0], leaf -> new ArrayList<>()).add((byte[]) row[1]);
        }
        Map<Long, byte[][]> completed = new HashMap<>();
        inTable.forEach((leaf, nodes) -> completed.put(leaf, nodes.toArray(byte[][]::new)));
        for (Object[] row : Sql.list(c, "SELECT id, record_hash, log_nodes FROM audit_records WHERE id >= ? AND id < ? "
                        + "AND log_nodes IS NOT NULL",
                r -> new Object[] {r.getLong(1), completedBy(r.getString(2), r.getBytes(3)).orElse(null)},
                firstLeafId + from, firstLeafId + to)) {
            if (row[1] != null) {
                completed.put((Long) row[0] - firstLeafId, (byte[][]) row[1]);
            }
        }
        return completed;
    }

    /**
     * Copies the nodes in the rows of the records up to {@code throughId} into the table, before retention
     * deletes those records, so that proofs and roots still find them.
     */
    static void keepBeforePurge(Connection c, long firstLeafId, long throughId) throws SQLException {
        long after = 0;
        while (true) {
            List<TreeEdge.Node> nodes = new ArrayList<>();
            List<Long> ids = Sql.list(c, "SELECT id, record_hash, log_nodes FROM audit_records WHERE id > ? AND id <= ? "
                    + "AND log_nodes IS NOT NULL ORDER BY id LIMIT ?", row -> {
                        byte[][] completed = completedBy(row.getString(2), row.getBytes(3)).orElse(new byte[0][]);
                        long leaf = row.getLong(1) - firstLeafId;
                        for (int level = 0; level < completed.length; level++) {
                            nodes.add(new TreeEdge.Node(level, leaf >> level, completed[level]));
                        }
                        return row.getLong(1);
                    }, after, throughId, PURGE_BATCH);
            if (ids.isEmpty()) {
                return;
            }
            insert(c, nodes);
            after = ids.get(ids.size() - 1);
        }
    }

    /** A row's nodes: its leaf hash (its record hash, hex), then the 32-byte hashes above it; none if malformed. */
    private static Optional<byte[][]> completedBy(String recordHash, byte[] above) {
        if (recordHash == null || recordHash.length() != 2 * MerkleHash.SIZE || above.length % MerkleHash.SIZE != 0) {
            return Optional.empty();
        }
        byte[][] nodes = new byte[1 + above.length / MerkleHash.SIZE][];
        try {
            nodes[0] = HexFormat.of().parseHex(recordHash);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (int level = 1; level < nodes.length; level++) {
            nodes[level] = Arrays.copyOfRange(above, (level - 1) * MerkleHash.SIZE, level * MerkleHash.SIZE);
        }
        return Optional.of(nodes);
    }
}
