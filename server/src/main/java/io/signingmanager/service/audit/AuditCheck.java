package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.MerkleTree;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.SignedNote;
import io.signingmanager.common.tlog.TreeEdge;
import io.signingmanager.common.tlog.TreeNodes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit's check: every record kept, from the first after the last purge to the head, in order and
 * without a gap; each record's leaf in the signing log is made of its content; the tree those leaves
 * make (on the stored nodes of the purged ones) is the one of the latest checkpoint, which the log's key
 * signed; the stored nodes make that tree too (proofs are made of them). Records written before the log
 * also keep their hash chain, which is walked as before. What the database alone cannot show (the last
 * records deleted with the head and checkpoint put back as they were) a client holding a later
 * checkpoint shows: see {@code log-monitor}.
 */
final class AuditCheck {
    private static final int BATCH = 1000;

    private final AuditRepository repository;
    private final Instant now;
    private final Duration retention;
    private final Duration purgeInterval;

    AuditCheck(AuditRepository repository, Instant now, Duration retention, Duration purgeInterval) {
        this.repository = repository;
        this.now = now;
        this.retention = retention;
        this.purgeInterval = purgeInterval;
    }

    ChainCheck run(Connection c) throws SQLException {
        AuditRepository.Head head = repository.head(c);
        AuditRepository.LogHead log = head.log();
        Optional<NoteVerifierKey> key = LogKey.verifier(c);
        if (key.isEmpty() || log.checkpoint() == null) {
            return new ChainCheck(false, 0, null, "the signing log has no checkpoint: the service has not started on "
                    + "this database since it was upgraded");
        }
        Optional<Checkpoint> checkpoint = SignedNote.open(log.checkpoint(), key.get()).flatMap(Checkpoint::parse)
                .filter(cp -> cp.origin().equals(key.get().name()));
        if (checkpoint.isEmpty()) {
            return new ChainCheck(false, 0, null, "the latest checkpoint is not signed by the signing log's key");
        }
        long expectedId = head.purgedThrough() + 1;
        TreeNodes stored = LogNodes.reader(c, log.firstLeafId());
        TreeEdge rebuilt = purgedEdge(expectedId - log.firstLeafId(), stored);
        String expectedPrevious = head.anchorHash();
        Instant expectedPreviousTime = null;
        long checked = 0;
        List<AuditRecord> batch = repository.after(c, head.purgedThrough(), BATCH);
        while (!batch.isEmpty()) {
            Map<Long, byte[][]> completedBy = LogNodes.completedBy(c, log.firstLeafId(),
                    batch.get(0).id() - log.firstLeafId(), batch.get(batch.size() - 1).id() - log.firstLeafId() + 1);
            for (AuditRecord r : batch) {
                byte[] leaf = LogLeaf.hash(r);
                String problem = problem(r, expectedId, expectedPrevious, expectedPreviousTime);
                if (problem == null && checked == 0 && head.purgedThrough() > 0) {
                    problem = PurgeCheck.problem(r, now, retention, purgeInterval);
                }
                if (problem == null && r.previousHash() == null && !HexFormat.of().formatHex(leaf).equals(r.hash())) {
                    problem = "its content does not match its hash";
                }
                if (problem == null && rebuilt == null) {
                    problem = "the signing log's nodes of the records before it are missing: they were deleted, not purged";
                }
                if (problem == null) {
                    problem = leafProblem(leaf, rebuilt.append(leaf), completedBy.get(r.id() - log.firstLeafId()));
                }
                if (problem != null) {
                    return new ChainCheck(false, checked, r.id(), problem);
                }
                checked++;
                expectedId = r.id() + 1;
                expectedPrevious = r.hash();
                expectedPreviousTime = r.time();
            }
            batch = repository.after(c, expectedId - 1, BATCH);
        }
        if (expectedId - 1 != head.lastId()) {
            return new ChainCheck(false, checked, expectedId,
                    "records after " + (expectedId - 1) + " up to " + head.lastId() + " are missing");
        }
        if (checked == 0 && head.purgedThrough() > 0) {
            return new ChainCheck(false, 0, head.purgedThrough(), PurgeCheck.emptiedChain(head.purgedThrough()));
        }
        if (rebuilt == null) {
            return new ChainCheck(false, checked, null, "the signing log's nodes of the purged records are missing");
        }
        ChainCheck treeProblem = treeProblem(stored, rebuilt, checkpoint.get(), checked);
        return treeProblem != null ? treeProblem : new ChainCheck(true, checked, null, null);
    }

    /** The edge of the log's leaves before the first record kept, from the nodes kept at purges; {@code null} if gone. */
    private static TreeEdge purgedEdge(long size, TreeNodes stored) {
        try {
            return TreeEdge.of(size, stored);
        } catch (LogNodes.MissingNode e) {
            return null;
        }
    }

    /** What is wrong with the tree as a whole, or {@code null}. */
    private static ChainCheck treeProblem(TreeNodes stored, TreeEdge rebuilt, Checkpoint checkpoint, long checked) {
        if (rebuilt.size() != checkpoint.size()) {
            return new ChainCheck(false, checked, null, "the records make a log of " + rebuilt.size()
                    + " leaves, the latest checkpoint has " + checkpoint.size());
        }
        if (!Arrays.equals(rebuilt.root(), checkpoint.rootHash())) {
            return new ChainCheck(false, checked, null,
                    "the records do not make the tree of the latest checkpoint (the log was replaced)");
        }
        try {
            if (!Arrays.equals(new MerkleTree(stored).root(checkpoint.size()), checkpoint.rootHash())) {
                return new ChainCheck(false, checked, null,
                        "the signing log's stored nodes do not make the tree of the latest checkpoint");
            }
        } catch (LogNodes.MissingNode e) {
            return new ChainCheck(false, checked, null, e.getMessage());
        }
        return null;
    }

    /** {@code expectedPreviousTime} is {@code null} for the first record walked: its predecessor is gone or none. */
    private static String problem(AuditRecord r, long expectedId, String expectedPrevious, Instant expectedPreviousTime) {
        if (r.id() != expectedId) {
            return "records " + expectedId + " to " + (r.id() - 1) + " are missing";
        }
        if (expectedPreviousTime != null && r.hashesAdminFields() && !expectedPreviousTime.equals(r.previousTime())) {
            return "the time it gives for the record before does not match that record's time";
        }
        if (r.previousHash() == null) {
            return null;
        }
        // Written before the signing log: its hash chain still holds.
        if (!r.previousHash().equals(expectedPrevious)) {
            return "its link to the record before does not match";
        }
        if (!AuditHash.of(r).equals(r.hash())) {
            return "its content does not match its hash";
        }
        return null;
    }

    /**
     * What is wrong with the nodes stored with a record's leaf ({@code stored}: its leaf first, then the
     * nodes above it), against the ones the records so far make ({@code made}), or {@code null}.
     */
    private static String leafProblem(byte[] leaf, List<TreeEdge.Node> made, byte[][] stored) {
        if (stored == null) {
            return "it is not in the signing log";
        }
        if (!Arrays.equals(leaf, stored[0])) {
            return "its content does not match its leaf in the signing log";
        }
        if (stored.length != made.size()) {
            return "the signing log's nodes stored with it are not the ones its leaf completes";
        }
        for (int level = 1; level < stored.length; level++) {
            if (!Arrays.equals(made.get(level).hash(), stored[level])) {
                return "the signing log's nodes stored with it do not match the tree of its leaf and the ones before it";
            }
        }
        return null;
    }
}
