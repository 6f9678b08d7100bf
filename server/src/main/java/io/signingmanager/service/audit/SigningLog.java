package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.MerkleTree;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What anyone may read of the signing log: its key, its latest checkpoint, and proofs between the trees
 * of its checkpoints, each made of O(log n) stored nodes. Sizes are checked against the tree as it is.
 */
public final class SigningLog {
    private final Database database;

    public SigningLog(Database database) {
        this.database = database;
    }

    /** The log's public key, as a note verifier key. */
    public NoteVerifierKey key() {
        return database.read(LogKey::verifier).orElseThrow(() -> new IllegalStateException("The signing log has no key yet"));
    }

    /** The latest checkpoint, a signed note. */
    public String checkpoint() {
        return database.read(c -> Sql.one(c, "SELECT checkpoint FROM audit_chain WHERE id = 1", row -> row.getString(1)))
                .orElseThrow(() -> new IllegalStateException("The signing log has no checkpoint yet"));
    }

    /** How many leaves the log has. */
    public long size() {
        return database.read(SigningLog::size);
    }

    /** The inclusion proof of leaf {@code index} in the tree of {@code size} leaves, nearest the leaf first. */
    public List<byte[]> inclusionProof(long index, long size) throws Refusal {
        return database.read(c -> {
            long current = size(c);
            if (size < 1 || size > current) {
                throw Refusal.badRequest("'size' must be from 1 to the log's size, " + current);
            }
            if (index < 0 || index >= size) {
                throw Refusal.badRequest("'index' must be from 0 to size - 1, " + (size - 1));
            }
            return new MerkleTree(LogNodes.reader(c)).inclusionProof(index, size);
        });
    }

    /** The proof that the tree of {@code to} leaves extends the one of {@code from}. */
    public List<byte[]> consistencyProof(long from, long to) throws Refusal {
        return database.read(c -> {
            long current = size(c);
            if (to < 1 || to > current) {
                throw Refusal.badRequest("'to' must be from 1 to the log's size, " + current);
            }
            if (from < 1 || from > to) {
                throw Refusal.badRequest("'from' must be from 1 to 'to'");
            }
            return new MerkleTree(LogNodes.reader(c)).consistencyProof(from, to);
        });
    }

    private static long size(Connection c) throws SQLException {
        return Sql.one(c, "SELECT tree_size FROM audit_chain WHERE id = 1", row -> row.getLong(1)).orElse(0L);
    }
}
