package io.signingmanager.service.audit;

import io.signingmanager.service.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The append-only, hash-chained record of every client call. {@link #record} returns only once the
 * record is committed to disk, so callers write it before they answer; concurrent callers share a
 * commit (group commit), each still waiting for its own.
 */
public final class AuditLog {
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    private static final int VERIFY_BATCH = 1000;
    private static final int EXPORT_PAGE = 500;
    // Records written in one transaction at most; a burst larger than this takes several commits.
    private static final int MAX_APPEND_BATCH = 256;
    // The longest a commit waits for more records under load; about a commit's own cost.
    private static final Duration MAX_GATHER = Duration.ofMillis(1);

    private final Database database;
    private final AuditRepository repository = new AuditRepository();
    private final Clock clock;
    private final Supplier<Duration> retention;
    // Appends are serialised here first so replicas' threads do not queue on the database row lock,
    // and the records waiting meanwhile are committed together (one commit per batch, not per call).
    private final GroupCommit<AuditEntry, AuditRecord> appends = new GroupCommit<>(MAX_APPEND_BATCH, MAX_GATHER,
            this::append);
    private Instant nextPurge = Instant.MIN;

    public AuditLog(Database database, Clock clock, Supplier<Duration> retention) {
        this.database = database;
        this.clock = clock;
        this.retention = retention;
    }

    public AuditRecord record(AuditEntry entry) {
        return appends.submit(entry);
    }

    /** Chains and inserts the entries in one transaction; runs on one thread at a time. */
    private List<AuditRecord> append(List<AuditEntry> entries) {
        return database.transaction(c -> {
            AuditRepository.Head head = repository.lockHead(c);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            List<AuditRecord> sealed = new ArrayList<>(entries.size());
            long lastId = head.lastId();
            String lastHash = head.lastHash();
            for (AuditEntry entry : entries) {
                AuditRecord unsealed = new AuditRecord(lastId + 1, now, entry.requestType(),
                        entry.succeeded() ? AuditRecord.SUCCESS : AuditRecord.FAILURE, entry.reason(),
                        entry.apiKeyId(), entry.apiKeyName(), entry.clientId(), entry.clientHostname(),
                        entry.certificateSha1(), entry.certificateName(), entry.algorithm(), entry.remoteAddress(),
                        entry.username(), entry.context(), lastHash, null);
                AuditRecord record = withHash(unsealed, AuditHash.of(unsealed));
                repository.insert(c, record);
                sealed.add(record);
                lastId = record.id();
                lastHash = record.hash();
            }
            repository.moveHead(c, sealed.get(sealed.size() - 1));
            if (!now.isBefore(nextPurge)) {
                repository.purgeBefore(c, now.minus(retention.get()));
                nextPurge = now.plus(PURGE_INTERVAL);
            }
            return sealed;
        });
    }

    public Duration retention() {
        return retention.get();
    }

    public AuditPage list(AuditFilter filter) {
        return database.read(c -> new AuditPage(repository.list(c, filter), repository.count(c, filter)));
    }

    /**
     * Every record in {@code [from, to)} (either end open when {@code null}) written before this call,
     * oldest first, read from the database a page at a time while it is iterated: constant memory.
     */
    public Iterator<AuditRecord> export(Instant from, Instant to) {
        AuditFilter filter = new AuditFilter(from, to, null, null, null, null, EXPORT_PAGE, 0);
        return new RecordCursor(database, repository, filter, EXPORT_PAGE);
    }

    /** Walks the chain from the retention anchor to the head; names the first record that breaks it. */
    public ChainCheck verify() {
        return database.read(c -> {
            AuditRepository.Head head = repository.head(c);
            long expectedId = head.purgedThrough() + 1;
            String expectedPrevious = head.anchorHash();
            long checked = 0;
            List<AuditRecord> batch = repository.after(c, head.purgedThrough(), VERIFY_BATCH);
            while (!batch.isEmpty()) {
                for (AuditRecord r : batch) {
                    String problem = problem(r, expectedId, expectedPrevious);
                    if (problem != null) {
                        return new ChainCheck(false, checked, r.id(), problem);
                    }
                    checked++;
                    expectedId = r.id() + 1;
                    expectedPrevious = r.hash();
                }
                batch = repository.after(c, expectedId - 1, VERIFY_BATCH);
            }
            if (expectedId - 1 != head.lastId() || !expectedPrevious.equals(head.lastHash())) {
                return new ChainCheck(false, checked, expectedId,
                        "records after " + (expectedId - 1) + " up to " + head.lastId() + " are missing");
            }
            return new ChainCheck(true, checked, null, null);
        });
    }

    private static String problem(AuditRecord r, long expectedId, String expectedPrevious) {
        if (r.id() != expectedId) {
            return "records " + expectedId + " to " + (r.id() - 1) + " are missing";
        }
        if (!r.previousHash().equals(expectedPrevious)) {
            return "its link to the record before does not match";
        }
        if (!AuditHash.of(r).equals(r.hash())) {
            return "its content does not match its hash";
        }
        return null;
    }

    private static AuditRecord withHash(AuditRecord r, String hash) {
        return new AuditRecord(r.id(), r.time(), r.requestType(), r.status(), r.reason(), r.apiKeyId(),
                r.apiKeyName(), r.clientId(), r.clientHostname(), r.certificateSha1(), r.certificateName(),
                r.algorithm(), r.remoteAddress(), r.username(), r.context(), r.previousHash(), hash);
    }
}
