package io.signingmanager.service.audit;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.service.secrets.SecretBox;
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
 * The append-only record of every client call and admin action, each a leaf of the signing log (a Merkle tree
 * whose every commit makes a signed checkpoint, see {@link LogAppend}). {@link #record} returns
 * only once the record is committed to disk, so callers write it before they answer; concurrent
 * callers share a commit (group commit), each still waiting for its own, and a record the database
 * refuses fails its own caller only; {@link #recordAll} writes a caller's several records in one commit. {@link #recordIn} writes an admin change's record in the
 * change's own transaction, so neither commits without the other. Text is stored exactly as it was
 * hashed (see {@link StoredText}).
 */
public final class AuditLog {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    private static final int TAKE_IN_BATCH = 1000;
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
    private volatile LogKey key;

    public AuditLog(Database database, Clock clock, Supplier<Duration> retention) {
        this.database = database;
        this.clock = clock;
        this.retention = retention;
        this.anonymous = new AnonymousFailures(clock);
    }

    /**
     * Loads the signing log's key, making it at the first start, and takes the records written before the
     * log into it; once, before the first record. Replicas may start at once.
     */
    public void open(SecretBox secrets) {
        LogKey opened = LogKey.loadOrCreate(database, secrets, clock);
        key = opened;
        boolean more = true;
        while (more) {
            more = database.transaction(c -> takeIn(c, opened));
        }
    }

    /** Appends up to a batch of records written before the log; whether there may be more. */
    private boolean takeIn(Connection c, LogKey opened) throws SQLException {
        AuditRepository.Head head = repository.lockHead(c);
        LogAppend log = new LogAppend(head.log());
        List<AuditRecord> before = repository.after(c, log.nextId() - 1, TAKE_IN_BATCH);
        for (AuditRecord r : before) {
            if (r.id() != log.nextId()) {
                throw new IllegalStateException("The audit's records " + log.nextId() + " to " + (r.id() - 1)
                        + " are missing, so the records written before the signing log cannot be taken into it: "
                        + "restore them from a backup of the database");
            }
            log.takeIn(r);
        }
        if (before.isEmpty() && head.log().checkpoint() != null) {
            return false;
        }
        repository.moveLogHead(c, log.finish(c, opened));
        return !before.isEmpty();
    }

    public AuditRecord record(AuditEntry entry) {
        return log(entry).record();
    }

    /** Records the entry like {@link #record}, and answers its receipt in the signing log too. */
    public Logged log(AuditEntry entry) {
        return appends.submit(StoredText.entry(entry)).orThrow();
    }

    /**
     * Records the entries in one commit, chained one after the other in this order (a batch of signatures,
     * each its own record), and returns once that commit is on disk. When the database refuses one of
     * them the others are still written, and this throws that refusal: the caller must not answer as if
     * all were recorded.
     */
    public List<Logged> recordAll(List<AuditEntry> entries) {
        List<Appended> appended = appends.submitAll(entries.stream().map(StoredText::entry).toList());
        List<Logged> records = new ArrayList<>(appended.size());
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

    /** One entry's outcome in a batch: its record and receipt, or why the database refused it (and it alone). */
    private record Appended(AuditRecord record, Receipt receipt, RuntimeException failure) {
        Logged orThrow() {
            if (failure != null) {
                throw failure;
            }
            return new Logged(record, receipt);
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
            LogAppend log = new LogAppend(head.log());
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<Appended> results = new ArrayList<>(entries.size());
            AuditRecord last = null;
            long lastId = head.lastId();
            Instant lastTime = head.lastTime();
            for (AuditEntry entry : entries) {
                LogAppend.Sealed sealed = log.seal(unsealed(entry, lastId + 1, now, lastTime, retentionDays));
                Appended appended = eachAlone ? insertAlone(c, sealed) : insert(c, sealed);
                results.add(appended);
                if (appended.record() == null) {
                    log.refuse(sealed);
                } else {
                    last = appended.record();
                    lastId = last.id();
                    lastTime = last.time();
                }
            }
            if (last != null) {
                repository.moveHead(c, last, log.finish(c, key()));
                results.replaceAll(a -> a.record() == null ? a : new Appended(a.record(), log.receipt(a.record().id()), null));
            }
            if (!now.isBefore(nextPurge)) {
                repository.purgeBefore(c, now.minus(retention.get()), head.log().firstLeafId());
                nextPurge = now.plus(PURGE_INTERVAL);
            }
            return results;
        });
    }

    private Appended insert(Connection c, LogAppend.Sealed sealed) throws SQLException {
        repository.insert(c, sealed.record(), sealed.nodes());
        return new Appended(sealed.record(), null, null);
    }

    /** Inserts the record or, when the database refuses it, undoes just that and says why; the chain skips it. */
    private Appended insertAlone(Connection c, LogAppend.Sealed sealed) throws SQLException {
        Savepoint savepoint = c.setSavepoint();
        try {
            Appended appended = insert(c, sealed);
            c.releaseSavepoint(savepoint);
            return appended;
        } catch (SQLException e) {
            c.rollback(savepoint);
            return new Appended(null, null, new StorageException(e));
        } catch (RuntimeException e) {
            c.rollback(savepoint);
            return new Appended(null, null, e);
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
        LogAppend log = new LogAppend(head.log());
        LogAppend.Sealed sealed = log.seal(unsealed(StoredText.entry(entry), head.lastId() + 1,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), head.lastTime(), retentionDays));
        repository.insert(c, sealed.record(), sealed.nodes());
        repository.moveHead(c, sealed.record(), log.finish(c, key()));
        return sealed.record();
    }

    private int retentionDays() {
        return (int) Math.min(Integer.MAX_VALUE, retention.get().toDays());
    }

    private LogKey key() {
        LogKey opened = key;
        if (opened == null) {
            throw new IllegalStateException("The audit is not open: open it with the master key before the first record");
        }
        return opened;
    }

    private static AuditRecord unsealed(AuditEntry entry, long id, Instant now, Instant previousTime, int retentionDays) {
        AdminChange admin = entry.admin();
        AuditEntry.Signed signed = entry.signed();
        return new AuditRecord(id, now, entry.requestType().wire(), entry.status().wire(), entry.reason(),
                entry.apiKey().id(), entry.apiKey().name(), entry.client().id(), entry.client().name(),
                entry.certificate().id(), entry.certificate().name(), entry.algorithm(), entry.remoteAddress(),
                entry.username(), entry.context(), null, null,
                admin == null ? null : admin.action().wire(),
                admin == null || admin.objectKind() == null ? null : admin.objectKind().wire(),
                admin == null ? null : admin.objectId(), admin == null ? null : admin.objectName(),
                admin == null ? null : admin.before(), admin == null ? null : admin.after(), previousTime, retentionDays,
                signed == null ? null : signed.digest(), signed == null ? null : signed.certificateSha256(),
                signed == null ? null : signed.signatureSha256());
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
     * Checks the records kept and the signing log they make (see {@link AuditCheck}); names the first
     * record that breaks them, including a first record whose deleted predecessors were too new to have
     * been purged.
     */
    public ChainCheck verify() {
        return database.read(this::verify);
    }

    /**
     * {@link #verify()} on this connection: in its transaction, records not committed yet (a copy
     * checked before it is) are checked too.
     */
    public ChainCheck verify(Connection c) throws SQLException {
        return new AuditCheck(repository, clock.instant(), retention.get(), PURGE_INTERVAL).run(c);
    }
}
