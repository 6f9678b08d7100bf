package io.signingmanager.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogConcurrencyTest {
    @TempDir
    Path data;

    @Test
    void concurrentRecordsFormOneUnbrokenChainAndEachIsStoredWhenRecordReturns() throws Exception {
        Set<Long> returnedIds = ConcurrentHashMap.newKeySet();
        try (Database database = Database.openH2(data)) {
            AuditLog audit = new AuditLog(database, Clock.systemUTC(), () -> Duration.ofDays(365));
            audit.open(new SecretBox(new byte[32]));
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    done.add(callers.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            AuditRecord record = audit.record(AuditEntry.of(RequestType.SIGN, "127.0.0.1")
                                    .context(Map.of("note", thread + "/" + i)));
                            returnedIds.add(record.id());
                            assertThat(audit.export(Instant.EPOCH, Instant.now().plusSeconds(60)))
                                    .toIterable().extracting(AuditRecord::id).contains(record.id());
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(120, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }

            ChainCheck check = audit.verify();
            assertThat(check.valid()).as(check.problem()).isTrue();
            assertThat(check.checkedRecords()).isEqualTo(400);
            assertThat(returnedIds).hasSize(400);
        }
    }

    @Test
    void recordsInCallersTransactionsAndGroupCommitsInterleaveIntoOneChainAndRollBackWithTheirChange()
            throws Exception {
        try (Database database = Database.openH2(data)) {
            AuditLog audit = new AuditLog(database, Clock.systemUTC(), () -> Duration.ofDays(365));
            audit.open(new SecretBox(new byte[32]));
            Actor actor = new Actor("user-id", "admin", "127.0.0.1");
            ExecutorService callers = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    boolean inTransaction = t % 2 == 0;
                    done.add(callers.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            if (inTransaction) {
                                database.transaction(c -> audit.recordIn(c,
                                        AuditEntry.admin(actor, AdminAction.USER_UPDATE, "id", "name")));
                            } else {
                                audit.record(AuditEntry.of(RequestType.SIGN, "127.0.0.1"));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(120, TimeUnit.SECONDS);
                }
            } finally {
                callers.shutdownNow();
            }
            // A change that fails after its record was chained takes the record with it.
            try {
                database.transaction(c -> {
                    audit.recordIn(c, AuditEntry.admin(actor, AdminAction.USER_DELETE, "id", "name"));
                    throw new IllegalStateException("the change failed");
                });
            } catch (IllegalStateException expected) {
                // rolled back
            }
            audit.record(AuditEntry.of(RequestType.SIGN, "127.0.0.1"));

            ChainCheck check = audit.verify();
            assertThat(check.valid()).as(check.problem()).isTrue();
            assertThat(check.checkedRecords()).isEqualTo(241);
            assertThat(audit.list(new AuditFilter(null, null, null, null, null, null, AdminAction.USER_UPDATE, null, 1000, 0))
                    .total()).isEqualTo(120);
            assertThat(audit.list(new AuditFilter(null, null, null, null, null, null, AdminAction.USER_DELETE, null, 1000, 0))
                    .total()).isZero();
        }
    }
}
