package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.MerkleTree;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What anyone may read of the signing log: its key, its latest checkpoint, and proofs between the trees
 * of its checkpoints, each made of O(log n) stored nodes. Sizes are checked against the tree as it is.
 */
public final class SigningLog {
    /** The most entries one call answers. */
    public static final int MAX_ENTRIES = 1000;
    /** The most matches a search answers, newest first. */
    public static final int MAX_MATCHES = 100;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Database database;
    private final AuditRepository records = new AuditRepository();

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
            return new MerkleTree(LogNodes.reader(c, firstLeafId(c))).inclusionProof(index, size);
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
            return new MerkleTree(LogNodes.reader(c, firstLeafId(c))).consistencyProof(from, to);
        });
    }

    /**
     * The leaves with indexes in {@code [start, end)} (at most {@link #MAX_ENTRIES}, below the log's size), of that
     * client's records only unless {@code clientId} is {@code null}; leaves of records purged are not answered.
     */
    public List<LogEntry> entries(long start, long end, String clientId) throws Refusal {
        return database.read(c -> {
            long current = size(c);
            if (start < 0 || end <= start || end > current) {
                throw Refusal.badRequest("'start' and 'end' must be indexes from 0 to the log's size, " + current
                        + ", with 'start' below 'end'");
            }
            if (end - start > MAX_ENTRIES) {
                throw Refusal.badRequest("At most " + MAX_ENTRIES + " entries in one call; ask for the rest in another");
            }
            long first = firstLeafId(c);
            return records.range(c, first + start, first + end, clientId).stream()
                    .map(r -> LogEntry.of(r, first)).toList();
        });
    }

    /**
     * Who signed this: the leaves of signatures of the file of that SHA-256 (the {@code fileSha256} its client
     * gave) or of the signature of that SHA-256, newest first, at most {@link #MAX_MATCHES}; of that client's
     * records only unless {@code clientId} is {@code null}.
     */
    public List<LogEntry> search(String fileSha256, String signatureSha256, String clientId) throws Refusal {
        if ((fileSha256 == null) == (signatureSha256 == null)) {
            throw Refusal.badRequest("Give one of 'fileSha256' and 'signatureSha256'");
        }
        String file = hex("fileSha256", fileSha256);
        String signature = hex("signatureSha256", signatureSha256);
        return database.read(c -> {
            long first = firstLeafId(c);
            return records.signedWith(c, file, signature, clientId, MAX_MATCHES).stream()
                    .map(r -> LogEntry.of(r, first)).toList();
        });
    }

    private static String hex(String name, String value) throws Refusal {
        if (value == null) {
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(lower).matches()) {
            throw Refusal.badRequest("'" + name + "' must be a SHA-256 in hex, 64 digits");
        }
        return lower;
    }

    private static long firstLeafId(Connection c) throws SQLException {
        return Sql.one(c, "SELECT first_leaf_id FROM audit_chain WHERE id = 1", row -> row.getLong(1)).orElse(1L);
    }

    private static long size(Connection c) throws SQLException {
        return Sql.one(c, "SELECT tree_size FROM audit_chain WHERE id = 1", row -> row.getLong(1)).orElse(0L);
    }
}
