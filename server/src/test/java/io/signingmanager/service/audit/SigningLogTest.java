package io.signingmanager.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.MerkleProofs;
import io.signingmanager.common.tlog.MerkleHash;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.MutableClock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signing log under the audit: every record written comes with a receipt that holds offline against
 * the checkpoint its commit made, every checkpoint is consistent with every later one, group commits and
 * records in callers' transactions make one tree, and the key is made once and checked at each start.
 */
class SigningLogTest {
    @TempDir
    Path data;

    private final byte[] masterKey = new SecureRandom().generateSeed(32);

    @Test
    void everyReceiptHoldsAgainstItsCheckpointAndEveryCheckpointExtendsTheOnesBefore() throws Exception {
        try (Database database = Database.openH2(data)) {
            AuditLog audit = opened(database);
            NoteVerifierKey key = database.read(c -> LogKey.verifier(c)).orElseThrow();
            assertThat(key.name()).matches("signing-service/[0-9a-f]{16}");
            Queue receipts = new Queue();
            ExecutorService callers = Executors.newFixedThreadPool(6);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 6; t++) {
                    int thread = t;
                    done.add(callers.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            AuditEntry entry = AuditEntry.of(RequestType.SIGN, "127.0.0.1")
                                    .context(Map.of("fileSha256", "ab".repeat(32), "note", thread + "/" + i));
                            if (thread == 0) {
                                database.transaction(c -> audit.recordIn(c, AuditEntry.admin(
                                        new Actor("id", "admin", "127.0.0.1"), AdminAction.USER_UPDATE, "u", "n")));
                            } else if (thread == 1) {
                                audit.recordAll(List.of(entry, entry, entry)).forEach(r -> receipts.add(r.receipt()));
                            } else {
                                receipts.add(audit.log(entry).receipt());
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

            assertThat(receipts).hasSize(4 * 40 + 3 * 40);
            List<Checkpoint> checkpoints = new ArrayList<>();
            for (Receipt receipt : receipts) {
                assertThat(receipt.problem(key)).isEmpty();
                checkpoints.add(receipt.signedCheckpoint(key).orElseThrow());
                JsonNode leaf = Json.mapper().readTree(receipt.leafData().orElseThrow());
                assertThat(leaf.get("v").asInt()).isEqualTo(1);
                assertThat(leaf.get("id").asLong()).isEqualTo(receipt.index() + 1);
                assertThat(leaf.get("context").get("fileSha256").asText()).isEqualTo("ab".repeat(32));
            }
            ChainCheck check = audit.verify();
            assertThat(check.valid()).as(check.problem()).isTrue();
            assertThat(check.checkedRecords()).isEqualTo(40 + 3 * 40 + 4 * 40);

            // Each checkpoint a receipt came with is extended by the latest, by a proof from the stored nodes.
            SigningLog log = new SigningLog(database);
            assertThat(log.key()).isEqualTo(key);
            Checkpoint latest = new Receipt(0, "", log.checkpoint(), List.of()).signedCheckpoint(key).orElseThrow();
            assertThat(latest.size()).isEqualTo(check.checkedRecords());
            for (Checkpoint earlier : checkpoints) {
                assertThat(MerkleProofs.extendsTree(earlier.size(), latest.size(), earlier.rootHash(),
                        latest.rootHash(), log.consistencyProof(earlier.size(), latest.size()))).isTrue();
            }
            for (Receipt receipt : receipts) {
                assertThat(MerkleProofs.includes(receipt.index(), latest.size(),
                        MerkleHash.leaf(receipt.leafData().orElseThrow()),
                        log.inclusionProof(receipt.index(), latest.size()), latest.rootHash())).isTrue();
            }
        }
    }

    @Test
    void theKeyIsMadeOnceAndARowWhosePublicKeyWasReplacedIsRefused() throws Exception {
        try (Database database = Database.openH2(data)) {
            opened(database).record(AuditEntry.of(RequestType.INDEX, "127.0.0.1"));
            NoteVerifierKey first = database.read(c -> LogKey.verifier(c)).orElseThrow();
            opened(database).record(AuditEntry.of(RequestType.INDEX, "127.0.0.1"));
            assertThat(database.read(c -> LogKey.verifier(c)).orElseThrow()).isEqualTo(first);

            byte[] other = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(new SecureRandom())
                    .generatePublicKey().getEncoded();
            database.transaction(c -> Sql.update(c, "UPDATE log_key SET public_key = ? WHERE id = 1", other));
            assertThatThrownBy(() -> opened(database)).hasMessageContaining("signing log's key was altered");
            ChainCheck check = new AuditLog(database, Clock.systemUTC(), () -> Duration.ofDays(365)).verify();
            assertThat(check.valid()).isFalse();
            assertThat(check.problem()).contains("not signed by the signing log's key");
        }
    }

    @Test
    void proofsOfPurgedRecordsAndTheirNeighboursStillHoldFromTheNodesKeptAtThePurge() throws Exception {
        try (Database database = Database.openH2(data)) {
            MutableClock clock = new MutableClock();
            AuditLog audit = new AuditLog(database, clock, () -> Duration.ofDays(90));
            audit.open(new SecretBox(masterKey));
            List<Receipt> receipts = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                receipts.add(audit.log(AuditEntry.of(RequestType.INDEX, "127.0.0.1")).receipt());
            }
            clock.advance(Duration.ofDays(50));
            for (int i = 0; i < 6; i++) {
                receipts.add(audit.log(AuditEntry.of(RequestType.INDEX, "127.0.0.1")).receipt());
            }
            clock.advance(Duration.ofDays(41));
            receipts.add(audit.log(AuditEntry.of(RequestType.INDEX, "127.0.0.1")).receipt());
            long oldestKept = database.read(c -> Sql.one(c, "SELECT MIN(id) FROM audit_records", row -> row.getLong(1))
                    .orElseThrow());
            assertThat(oldestKept).isEqualTo(12);

            ChainCheck check = audit.verify();
            assertThat(check.valid()).as(check.problem()).isTrue();
            SigningLog log = new SigningLog(database);
            Checkpoint latest = receipts.get(receipts.size() - 1).signedCheckpoint(log.key()).orElseThrow();
            for (Receipt receipt : receipts) {
                Checkpoint own = receipt.signedCheckpoint(log.key()).orElseThrow();
                assertThat(MerkleProofs.includes(receipt.index(), latest.size(),
                        MerkleHash.leaf(receipt.leafData().orElseThrow()),
                        log.inclusionProof(receipt.index(), latest.size()), latest.rootHash())).isTrue();
                assertThat(MerkleProofs.extendsTree(own.size(), latest.size(), own.rootHash(), latest.rootHash(),
                        log.consistencyProof(own.size(), latest.size()))).isTrue();
            }
        }
    }

    @Test
    void anAuditNotOpenedRefusesToRecord() throws Exception {
        try (Database database = Database.openH2(data)) {
            AuditLog audit = new AuditLog(database, Clock.systemUTC(), () -> Duration.ofDays(365));
            assertThatThrownBy(() -> audit.record(AuditEntry.of(RequestType.INDEX, "127.0.0.1")))
                    .hasMessageContaining("not open");
        }
    }

    private AuditLog opened(Database database) {
        AuditLog audit = new AuditLog(database, Clock.systemUTC(), () -> Duration.ofDays(365));
        audit.open(new SecretBox(masterKey));
        return audit;
    }

    private static final class Queue extends ConcurrentLinkedQueue<Receipt> {
    }
}
