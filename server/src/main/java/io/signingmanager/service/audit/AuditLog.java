package io.signingmanager.service.audit;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The append-only, hash-chained record of every client call and admin action. {@link #record} returns
 * only once the record is committed to disk, so callers write it before they answer; concurrent
 * callers share a commit (group commit), each still waiting for its own, and a record the database
 * refuses fails its own caller only; {@link #recordAll} writes a caller's several records in one commit. {@link #recordIn} writes an admin change's record in the
 * change's own transaction, so neither commits without the other. Text is stored exactly as it was
 * hashed (see {@link StoredText}).
 */
public final class AuditLog {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    private static final int VERIFY_BATCH = 1000;
    private static final int EXPORT_PAGE = 500;
    // Records written in one transaction at most; a burst larger than this takes several commits (one
    // caller's records, a sign-batch's up to 1,000, are never split: they go in one commit whatever their count).
    private static final int MAX_APPEND_BATCH = 256;
    // The longest a commit waits for more records under load; about a commit's own cost.
    private static final Duration MAX_GATHER = Duration.ofMillis(1);

    private final Database database;
    private final AuditRepository repository = new AuditRepository();
    private final Clock clock;
    private final Supplier<Duration> retention;
    // Appends are serialised here first so replicas' threads do not queue on the database row lock,
    // and the records waiting meanwhile are committed together (one commit per batch, not per call).
    private final GroupCommit<AuditEntry, Appended> appends = new GroupCommit<>(MAX_APPEND_BATCH, MAX_GATHER,
            this::append);
    private final AnonymousFailures anonymous;
    private Instant nextPurge = Instant.MIN;

    public AuditLog(Database database, Clock clock, Supplier<Duration> retention) {
        this.database = database;
        this.clock = clock;
        this.retention = retention;
        this.anonymous = new AnonymousFailures(clock);
    }

    public AuditRecord record(AuditEntry entry) {
        return appends.submit(StoredText.entry(entry)).orThrow();
    }

    /**
     * Records the entries in one commit, chained one after the other in this order (a batch of signatures,
     * each its own record), and returns once that commit is on disk. When the database refuses one of
     * them the others are still written, and this throws that refusal: the caller must not answer as if
     * all were recorded.
     */
    public List<AuditRecord> recordAll(List<AuditEntry> entries) {
        List<Appended> appended = appends.submitAll(entries.stream().map(StoredText::entry).toList());
        List<AuditRecord> records = new ArrayList<>(appended.size());
        for (Appended one : appended) {
            records.add(one.orThrow());
        }
        return records;
    }

    /**
     * Records a call refused before its caller was known: compactly and rate-limited per address (see
     * {@link AnonymousFailures}), with nothing the caller sent. {@code credential} names what was missing.
     */
    public void recordAnonymous(RequestType requestType, ErrorCode code, Credential credential, String address) {
        AuditEntry entry = anonymous.admit(requestType, code, credential, address);
        if (entry != null) {
            record(entry);
        }
    }

    /** One entry's outcome in a batch: its record, or why the database refused it (and it alone). */
    private record Appended(AuditRecord record, RuntimeException failure) {
        AuditRecord orThrow() {
            if (failure != null) {
                throw failure;
            }
            return record;
        }
    }

    /**
     * Chains and inserts the entries in one transaction; runs on one thread at a time. When that
     * fails, the batch is written again with each insert behind a savepoint, so a record the database
     * refuses fails alone and the others are committed; when the database itself fails, the second
     * attempt fails too and every caller of the batch with it. Two transactions at most, never one per record.
     */
    private List<Appended> append(List<AuditEntry> entries) {
        try {
            return append(entries, false);
        } catch (RuntimeException batchFailure) {
            if (entries.size() == 1) {
                throw batchFailure;
            }
            return append(entries, true);
        }
    }

    private List<Appended> append(List<AuditEntry> entries, boolean eachAlone) {
        return database.transaction(c -> {
            // Read before the lock: the license behind it may take a connection of its own.
            int retentionDays = retentionDays();
            AuditRepository.Head head = repository.lockHead(c);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<Appended> results = new ArrayList<>(entries.size());
            AuditRecord last = null;
            long lastId = head.lastId();
            String lastHash = head.lastHash();
            Instant lastTime = head.lastTime();
            for (AuditEntry entry : entries) {
                AuditRecord record = seal(entry, lastId + 1, now, lastHash, lastTime, retentionDays);
                Appended appended = eachAlone ? insertAlone(c, record) : new Appended(insert(c, record), null);
                results.add(appended);
                if (appended.record() != null) {
                    last = appended.record();
                    lastId = last.id();
                    lastHash = last.hash();
                    lastTime = last.time();
                }
            }
            if (last != null) {
                repository.moveHead(c, last);
            }
            if (!now.isBefore(nextPurge)) {
                repository.purgeBefore(c, now.minus(retention.get()));
                nextPurge = now.plus(PURGE_INTERVAL);
            }
            return results;
        });
    }

    private AuditRecord insert(Connection c, AuditRecord record) throws SQLException {
        repository.insert(c, record);
        return record;
    }

    /** Inserts the record or, when the database refuses it, undoes just that and says why; the chain skips it. */
    private Appended insertAlone(Connection c, AuditRecord record) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            insert(c, record);
            c.releaseSavepoint(savepoint);
            return new Appended(record, null);
        } catch (SQLException e) {
            c.rollback(savepoint);
            return new Appended(null, new StorageException(e));
        } catch (RuntimeException e) {
            c.rollback(savepoint);
            return new Appended(null, e);
        }
    }

    /**
     * Chains and inserts one record in the caller's transaction: it commits with the change it
     * describes, or neither does. Takes the chain head's row lock until that transaction ends (group
     * commits wait meanwhile, so records stay in order): call it last, just before the commit.
     */
    public AuditRecord recordIn(Connection c, AuditEntry entry) throws SQLException {
        int retentionDays = retentionDays();
        AuditRepository.Head head = repository.lockHead(c);
        AuditRecord record = seal(StoredText.entry(entry), head.lastId() + 1, clock.instant().truncatedTo(ChronoUnit.MILLIS),
                head.lastHash(), head.lastTime(), retentionDays);
        repository.insert(c, record);
        repository.moveHead(c, record);
        return record;
    }

    private int retentionDays() {
        return (int) Math.min(Integer.MAX_VALUE, retention.get().toDays());
    }

    private static AuditRecord seal(AuditEntry entry, long id, Instant now, String previousHash, Instant previousTime,
                                    int retentionDays) {
        AdminChange admin = entry.admin();
        AuditRecord unsealed = new AuditRecord(id, now, entry.requestType().wire(), entry.status().wire(), entry.reason(),
                entry.apiKey().id(), entry.apiKey().name(), entry.client().id(), entry.client().name(),
                entry.certificate().id(), entry.certificate().name(), entry.algorithm(), entry.remoteAddress(),
                entry.username(), entry.context(), previousHash, null,
                admin == null ? null : admin.action().wire(),
                admin == null || admin.objectKind() == null ? null : admin.objectKind().wire(),
                admin == null ? null : admin.objectId(), admin == null ? null : admin.objectName(),
                admin == null ? null : admin.before(), admin == null ? null : admin.after(), previousTime, retentionDays);
        return unsealed.withHash(AuditHash.of(unsealed));
    }

    public Duration retention() {
        return retention.get();
    }

    public AuditPage list(AuditFilter filter) {
        return database.read(c -> new AuditPage(repository.list(c, filter), repository.count(c, filter)));
    }

    /** How many records match, without reading them ({@code limit} and {@code offset} do not count). */
    public long count(AuditFilter filter) {
        return database.read(c -> repository.count(c, filter));
    }

    /**
     * Every record in {@code [from, to)} (either end open when {@code null}) written before this call,
     * oldest first, read from the database a page at a time while it is iterated: constant memory.
     */
    public Iterator<AuditRecord> export(Instant from, Instant to) {
        AuditFilter filter = new AuditFilter(from, to, null, null, null, null, null, null, EXPORT_PAGE, 0);
        return new RecordCursor(database, repository, filter, EXPORT_PAGE);
    }

    /**
     * Walks the chain from the retention anchor to the head; names the first record that breaks it,
     * including a first record whose deleted predecessors were too new to have been purged.
     */
    public ChainCheck verify() {
        return database.read(this::verify);
    }

    /**
     * {@link #verify()} on this connection: in its transaction, a chain not committed yet (a copy
     * checked before it is) is walked too.
     */
    public ChainCheck verify(Connection c) throws SQLException {
        Instant now = clock.instant();
        Duration retentionNow = retention.get();
        AuditRepository.Head head = repository.head(c);
        long expectedId = head.purgedThrough() + 1;
        String expectedPrevious = head.anchorHash();
        Instant expectedPreviousTime = null;
        long checked = 0;
        List<AuditRecord> batch = repository.after(c, head.purgedThrough(), VERIFY_BATCH);
        while (!batch.isEmpty()) {
            for (AuditRecord r : batch) {
                String problem = problem(r, expectedId, expectedPrevious, expectedPreviousTime);
                if (problem == null && checked == 0 && head.purgedThrough() > 0) {
                    problem = PurgeCheck.problem(r, now, retentionNow, PURGE_INTERVAL);
                }
                if (problem != null) {
                    return new ChainCheck(false, checked, r.id(), problem);
                }
                checked++;
                expectedId = r.id() + 1;
                expectedPrevious = r.hash();
                expectedPreviousTime = r.time();
            }
            batch = repository.after(c, expectedId - 1, VERIFY_BATCH);
        }
        if (expectedId - 1 != head.lastId() || !expectedPrevious.equals(head.lastHash())) {
            return new ChainCheck(false, checked, expectedId,
                    "records after " + (expectedId - 1) + " up to " + head.lastId() + " are missing");
        }
        if (checked == 0 && head.purgedThrough() > 0) {
            return new ChainCheck(false, 0, head.purgedThrough(), PurgeCheck.emptiedChain(head.purgedThrough()));
        }
        return new ChainCheck(true, checked, null, null);
    }

    /** {@code expectedPreviousTime} is {@code null} for the first record walked: its predecessor is gone or none. */
    private static String problem(AuditRecord r, long expectedId, String expectedPrevious, Instant expectedPreviousTime) {
        if (r.id() != expectedId) {
            return "records " + expectedId + " to " + (r.id() - 1) + " are missing";
        }
        if (!r.previousHash().equals(expectedPrevious)) {
            return "its link to the record before does not match";
        }
        if (expectedPreviousTime != null && r.hashesAdminFields() && !expectedPreviousTime.equals(r.previousTime())) {
            return "the time it gives for the record before does not match that record's time";
        }
        if (!AuditHash.of(r).equals(r.hash())) {
            return "its content does not match its hash";
        }
        return null;
    }
}
