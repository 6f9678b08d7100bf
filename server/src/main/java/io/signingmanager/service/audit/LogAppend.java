package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.MerkleHash;
import io.signingmanager.common.tlog.MerkleTree;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.common.tlog.TreeEdge;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One transaction's appends to the signing log, under the audit head's lock. It starts from the head's
 * right edge (no node is read) and appends each record's leaf as it seals the record: the nodes the leaf
 * completes go into the record's own row ({@link Sealed#nodes}), so an append writes no other row. Then
 * {@link #finish} signs the new tree's checkpoint. Every node of a new leaf's inclusion proof against that
 * checkpoint is on the old edge or among the nodes completed here, so the receipts cost no reads either.
 */
final class LogAppend {
    private record At(int level, long index) {
    }

    /**
     * A record ready to insert, its leaf hash its hash, and the nodes its leaf completes above itself (levels
     * 1, 2, ... in order, 32 bytes each) for its row; {@code before} is the edge to go back to if it is refused.
     */
    record Sealed(AuditRecord record, byte[] nodes, TreeEdge before) {
    }

    private final long firstLeafId;
    private TreeEdge edge;
    private final Map<At, byte[]> reachable = new HashMap<>();
    private final List<TreeEdge.Node> takenIn = new ArrayList<>();
    private final Map<Long, byte[]> leaves = new HashMap<>();
    private String checkpoint;

    LogAppend(AuditRepository.LogHead head) {
        firstLeafId = head.firstLeafId();
        ByteBuffer stored = ByteBuffer.wrap(head.edge());
        edge = TreeEdge.of(head.size(), (level, index) -> {
            byte[] hash = new byte[MerkleHash.SIZE];
            stored.get(hash);
            reachable.put(new At(level, index), hash);
            return hash;
        });
    }

    /** The id the next record appended must have: its leaf index is the tree's size. */
    long nextId() {
        return firstLeafId + edge.size();
    }

    /** Appends the record's leaf (it must be the next record) and answers it sealed, to insert. */
    Sealed seal(AuditRecord unsealed) {
        requireNext(unsealed);
        byte[] data = LogLeaf.data(unsealed);
        byte[] leaf = MerkleHash.leaf(data);
        TreeEdge before = edge.copy();
        leaves.put(edge.size(), data);
        List<TreeEdge.Node> completed = edge.append(leaf);
        ByteBuffer above = ByteBuffer.allocate(MerkleHash.SIZE * (completed.size() - 1));
        for (TreeEdge.Node node : completed) {
            reachable.put(new At(node.level(), node.index()), node.hash());
            if (node.level() > 0) {
                above.put(node.hash());
            }
        }
        return new Sealed(unsealed.withHash(HexFormat.of().formatHex(leaf)), above.array(), before);
    }

    /** Takes a sealed record's leaf back out: the database refused its row (the next record takes its place). */
    void refuse(Sealed sealed) {
        edge = sealed.before();
        leaves.remove(edge.size());
    }

    /** Appends a record written before the log, its hash its chain's: its nodes go to {@code log_nodes} in {@link #finish}. */
    void takeIn(AuditRecord record) {
        requireNext(record);
        takenIn.addAll(edge.append(LogLeaf.hash(record)));
    }

    private void requireNext(AuditRecord record) {
        if (record.id() != nextId()) {
            throw new IllegalStateException("The signing log's next record is " + nextId() + ", not " + record.id()
                    + ": the audit's records and its log disagree");
        }
    }

    /** Stores the nodes of records taken in and signs the checkpoint of the tree as it now is; answers the log's new head. */
    AuditRepository.LogHead finish(Connection c, LogKey key) throws SQLException {
        LogNodes.insert(c, takenIn);
        checkpoint = key.sign(new Checkpoint(key.verifier().name(), edge.size(), edge.root()));
        ByteBuffer edgeHashes = ByteBuffer.allocate(MerkleHash.SIZE * Long.bitCount(edge.size()));
        for (TreeEdge.Node node : edge.nodes()) {
            edgeHashes.put(node.hash());
        }
        return new AuditRepository.LogHead(edge.size(), edgeHashes.array(), checkpoint, firstLeafId);
    }

    /** The receipt of a record appended here, against the checkpoint {@link #finish} signed. */
    Receipt receipt(long id) {
        long index = id - firstLeafId;
        List<byte[]> proof = new MerkleTree((level, at) -> {
            byte[] hash = reachable.get(new At(level, at));
            if (hash == null) {
                throw new IllegalStateException("No node " + at + " at level " + level + " in this append's reach");
            }
            return hash;
        }).inclusionProof(index, edge.size());
        return Receipt.of(index, leaves.get(index), checkpoint, proof);
    }
}
