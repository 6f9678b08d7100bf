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
 * right edge (no node is read), appends each record's leaf as its insert succeeds, then stores the nodes
 * the leaves completed and signs the new tree's checkpoint ({@link #finish}). Every node of a new leaf's
 * inclusion proof against that checkpoint is on the old edge or among the nodes completed here, so the
 * receipts cost no reads either.
 */
final class LogAppend {
    private record At(int level, long index) {
    }

    private final long firstLeafId;
    private final TreeEdge edge;
    private final Map<At, byte[]> reachable = new HashMap<>();
    private final List<TreeEdge.Node> completed = new ArrayList<>();
    private final Map<Long, byte[]> sealed = new HashMap<>();
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

    /** The record with its leaf hash as its hash, ready to insert; it joins the log with {@link #append}. */
    AuditRecord seal(AuditRecord unsealed) {
        byte[] data = LogLeaf.data(unsealed);
        sealed.put(unsealed.id(), data);
        return unsealed.withHash(HexFormat.of().formatHex(MerkleHash.leaf(data)));
    }

    /** Appends the record's leaf; the record must be the next one. */
    void append(AuditRecord record) {
        if (record.id() != nextId()) {
            throw new IllegalStateException("The signing log's next record is " + nextId() + ", not " + record.id()
                    + ": the audit's records and its log disagree");
        }
        byte[] data = sealed.remove(record.id());
        if (data == null) {
            data = LogLeaf.data(record);
        }
        leaves.put(edge.size(), data);
        for (TreeEdge.Node node : edge.append(MerkleHash.leaf(data))) {
            completed.add(node);
            reachable.put(new At(node.level(), node.index()), node.hash());
        }
    }

    /** Stores the completed nodes and signs the checkpoint of the tree as it now is; answers the log's new head. */
    AuditRepository.LogHead finish(Connection c, LogKey key) throws SQLException {
        LogNodes.insert(c, completed);
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
