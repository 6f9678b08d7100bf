package io.signingmanager.service.audit;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.json.Json;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.storage.StorageException;
import io.signingmanager.service.testing.TestService;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The audit's check: {@code /api/v1/admin/audit/verify} finds an edited, re-hashed, deleted or
 * truncated record in the service's own database, and a changed signing log; retention purges old
 * records without breaking it; records of before the log, hash-chained, are taken into it.
 */
class AuditChainTest {
    @RunningService
    private TestService service;
    private TestPki.TestIdentity rsa;
    private String clientToken;

    private DatabaseTampering database;

    @BeforeEach
    void start() {
        database = new DatabaseTampering(service.service.database().dataSource());
        rsa = TestPki.rsa(2048, "Chain RSA");
        service.importP12(rsa.p12("pw"), "pw");
        clientToken = service.registerClient(service.createApiKey("chain").get("key").asText(), "chain-host")
                .get("clientToken").asText();
    }

    @Test
    void anUntouchedChainVerifiesWithItsRecordCount() {
        writeRecords(12);
        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.get("checkedRecords").asLong()).isEqualTo(total()).isGreaterThanOrEqualTo(14);
        assertThat(check.has("firstBrokenId")).isFalse();
        assertThat(check.has("problem")).isFalse();
    }

    @Test
    void anEditedFieldBreaksTheChainAtThatRecord() throws Exception {
        writeRecords(10);
        long middle = newestId() / 2;
        String hostname = database.column(middle, "client_hostname");

        database.sql("UPDATE audit_records SET client_hostname = ? WHERE id = ?", "someone-else", middle);
        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).isFalse();
        assertThat(check.get("firstBrokenId").asLong()).isEqualTo(middle);
        assertThat(check.get("problem").asText()).contains("content does not match its hash");
        assertThat(check.get("checkedRecords").asLong()).isEqualTo(middle - 1);

        database.sql("UPDATE audit_records SET client_hostname = ? WHERE id = ?", hostname, middle);
        assertThat(verify().get("valid").asBoolean()).isTrue();

        database.sql("UPDATE audit_records SET status = ? WHERE id = ?", "failure", middle + 1);
        assertThat(verify().get("firstBrokenId").asLong()).isEqualTo(middle + 1);
    }

    @Test
    void aRecordRehashedAfterAnEditNoLongerMatchesTheLogsNodesAndARewrittenLogNoLongerMakesTheSignedTree()
            throws Exception {
        writeRecords(10);
        // An even id is a leaf at an odd index (leaf 0 is record 1): the node above it is stored in its row.
        long middle = newestId() / 4 * 2;
        AuditRecord original = record(middle);
        AuditRecord forged = new AuditRecord(original.id(), original.time(), original.requestType(), "failure",
                "forged", original.apiKeyId(), original.apiKeyName(), original.clientId(), original.clientHostname(),
                original.certificateSha1(), original.certificateName(), original.algorithm(), original.remoteAddress(),
                original.username(), original.context(), null, null, original.action(),
                original.objectKind(), original.objectId(), original.objectName(), original.before(), original.after(),
                original.previousTime(), original.retentionDays(), original.signedDigest(),
                original.certificateSha256(), original.signatureSha256());
        byte[] forgedLeaf = LogLeaf.hash(forged);
        database.sql("UPDATE audit_records SET status = ?, reason = ?, record_hash = ? WHERE id = ?", forged.status(),
                forged.reason(), HexFormat.of().formatHex(forgedLeaf), middle);

        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).isFalse();
        assertThat(check.get("firstBrokenId").asLong()).isEqualTo(middle);
        assertThat(check.get("problem").asText()).contains("nodes stored with it do not match the tree of its leaf");

        // The whole log rewritten to match: the tree is no longer the one the log's key signed.
        database.rewriteLog();
        check = verify();
        assertThat(check.get("valid").asBoolean()).isFalse();
        assertThat(check.get("problem").asText()).contains("do not make the tree of the latest checkpoint");
    }

    @Test
    void aDeletedMiddleRecordIsNamedAsAGap() throws Exception {
        writeRecords(10);
        long middle = newestId() / 2;
        database.sql("DELETE FROM audit_records WHERE id = ?", middle);

        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).isFalse();
        assertThat(check.get("firstBrokenId").asLong()).isEqualTo(middle + 1);
        assertThat(check.get("problem").asText()).contains("records " + middle + " to " + middle + " are missing");
    }

    @Test
    void aDeletedFirstOrNewestRecordIsDetected() throws Exception {
        writeRecords(6);
        long newest = newestId();
        database.sql("DELETE FROM audit_records WHERE id = ?", newest);
        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).isFalse();
        assertThat(check.get("firstBrokenId").asLong()).isEqualTo(newest);
        assertThat(check.get("problem").asText()).contains("missing").contains(String.valueOf(newest));

        database.sql("DELETE FROM audit_records WHERE id = ?", 1L);
        check = verify();
        assertThat(check.get("valid").asBoolean()).isFalse();
        assertThat(check.get("firstBrokenId").asLong()).isEqualTo(2);
        assertThat(check.get("problem").asText()).contains("records 1 to 1 are missing");
    }

    @Test
    void withoutALicenseRecordsOlderThan90DaysArePurgedAndTheChainStillVerifies() throws Exception {
        assertThat(expect(service.http.get("/api/v1/admin/audit/retention", service.adminToken()), 200).json()
                .get("retentionDays").asInt()).isEqualTo(90);
        writeRecords(5);
        List<JsonNode> old = records(service.adminToken());
        long lastOldId = old.get(0).get("id").asLong();

        service.clock.advance(Duration.ofDays(50));
        writeRecords(3);
        String admin = service.login("admin", TestService.ADMIN_PASSWORD);
        List<Long> keptIds = ids(records(admin)).stream().filter(id -> id > lastOldId).toList();
        assertThat(records(admin)).hasSize(old.size() + keptIds.size());

        // Day 91: the next record written purges what is older than 90 days, and only that.
        service.clock.advance(Duration.ofDays(41));
        writeRecords(1);
        admin = service.login("admin", TestService.ADMIN_PASSWORD);
        Instant cutoff = service.clock.instant().minus(Duration.ofDays(90));
        List<JsonNode> remaining = records(admin);
        assertThat(ids(remaining)).doesNotContainAnyElementsOf(ids(old)).containsAll(keptIds);
        assertThat(remaining).allSatisfy(r -> assertThat(Instant.parse(r.get("time").asText())).isAfter(cutoff));
        JsonNode oldest = remaining.get(remaining.size() - 1);
        assertThat(oldest.get("id").asLong()).isEqualTo(lastOldId + 1);
        assertThat(oldest.has("previousHash")).isFalse();

        JsonNode check = expect(service.http.get("/api/v1/admin/audit/verify", admin), 200).json();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.get("checkedRecords").asLong()).isEqualTo(remaining.size());

        // The moved anchor still catches a deletion right after it.
        database.sql("DELETE FROM audit_records WHERE id = ?", lastOldId + 1);
        check = expect(service.http.get("/api/v1/admin/audit/verify", admin), 200).json();
        assertThat(check.get("valid").asBoolean()).isFalse();
        assertThat(check.get("problem").asText()).contains("records " + (lastOldId + 1) + " to " + (lastOldId + 1));
    }

    @Test
    void aBatchWithOneUnstorableRecordStillCommitsTheOthers() throws Exception {
        AuditLog audit = service.auditLog(service.clock, () -> Duration.ofDays(90));
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            Future<AuditRecord> first;
            Future<AuditRecord> good;
            Future<AuditRecord> bad;
            Future<AuditRecord> alsoGood;
            try (Connection lock = service.service.database().dataSource().getConnection()) {
                // Holding the chain head keeps the first record's writer waiting, so the next three queue
                // behind it and are written together, as one batch, once it is let go.
                lock.setAutoCommit(false);
                Sql.update(lock, "UPDATE audit_chain SET last_id = last_id WHERE id = 1");
                first = callers.submit(() -> audit.record(note("first")));
                Thread.sleep(300);
                good = callers.submit(() -> audit.record(note("good")));
                bad = callers.submit(() -> audit.record(note("bad").client(null, "h".repeat(300))));
                alsoGood = callers.submit(() -> audit.record(note("also good")));
                Thread.sleep(300);
                lock.rollback();
            }
            assertThat(first.get(30, TimeUnit.SECONDS).context()).containsEntry("note", "first");
            assertThat(good.get(30, TimeUnit.SECONDS).context()).containsEntry("note", "good");
            assertThat(alsoGood.get(30, TimeUnit.SECONDS).context()).containsEntry("note", "also good");
            assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(StorageException.class);
        } finally {
            callers.shutdownNow();
        }
        assertThat(records(service.adminToken())).extracting(r -> r.path("context").path("note").asText())
                .contains("first", "good", "also good").doesNotContain("bad");
        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
    }

    @Test
    void textWithNulAndLoneSurrogatesIsStoredAsItWasHashedAndTheChainVerifies() {
        AuditLog audit = service.auditLog(service.clock, () -> Duration.ofDays(90));
        String key = "\uD83D\uDD11";
        AuditRecord written = audit.record(AuditEntry.of(RequestType.SIGN, "127.0.0.1").algorithm("a\u0000b")
                .client(null, "host\ud800").certificate(null, key + " \udc00 " + key.charAt(0))
                .context(Map.of("fileName", "x\udc00\u0000y", "note\u0000", "\ud800"))
                .failed("bad_request: Unknown algorithm 'a\u0000b'"));
        writeRecords(2);

        JsonNode stored = records(service.adminToken()).stream().filter(r -> r.get("id").asLong() == written.id())
                .findFirst().orElseThrow();
        assertThat(stored.get("algorithm").asText()).isEqualTo("a\uFFFDb").isEqualTo(written.algorithm());
        assertThat(stored.get("clientHostname").asText()).isEqualTo("host\uFFFD");
        assertThat(stored.get("certificateName").asText()).isEqualTo(key + " \uFFFD \uFFFD");
        assertThat(stored.get("reason").asText()).isEqualTo("bad_request: Unknown algorithm 'a\uFFFDb'");
        assertThat(stored.get("context").get("fileName").asText()).isEqualTo("x\uFFFD\uFFFDy");
        assertThat(stored.get("context").get("note\uFFFD").asText()).isEqualTo("\uFFFD");
        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
    }

    @Test
    void anAdminRecordsNamesAndValuesAreStoredAsHashedEvenWhenTheNameIsCutAtAnEmoji() {
        AuditLog audit = service.auditLog(service.clock, () -> Duration.ofDays(90));
        String key = "\uD83D\uDD11";
        // Cut to its column's size right between the emoji's two halves, it would end in a lone surrogate.
        String name = "n".repeat(AdminChange.MAX_NAME - 2) + key + " and more";
        AuditRecord written = audit.record(AuditEntry.admin(new Actor("u", "admin\u0000", "127.0.0.1"),
                AdminAction.CERTIFICATE_IMPORT, "id\ud800", name)
                .change(Map.of("name\udc00", "a\u0000b"), Map.of("name", key)));

        JsonNode stored = records(service.adminToken()).stream().filter(r -> r.get("id").asLong() == written.id())
                .findFirst().orElseThrow();
        assertThat(stored.get("objectName").asText()).isEqualTo("n".repeat(AdminChange.MAX_NAME - 2) + "\u2026");
        assertThat(stored.get("objectId").asText()).isEqualTo("id\uFFFD");
        assertThat(stored.get("username").asText()).isEqualTo("admin\uFFFD");
        assertThat(stored.get("before").get("name\uFFFD").asText()).isEqualTo("a\uFFFDb");
        assertThat(stored.get("after").get("name").asText()).isEqualTo(key);
        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
    }

    @Test
    void deletingFreshFirstRecordsAndMovingTheAnchorIsReportedAsRemovedNotPurged() throws Exception {
        writeRecords(8);
        List<JsonNode> all = records(service.adminToken());
        JsonNode lastDeleted = all.get(all.size() - 4);
        long through = lastDeleted.get("id").asLong();

        // What a purge would have left, done minutes after the records were written.
        service.clock.advance(Duration.ofMinutes(5));
        database.update("DELETE FROM audit_records WHERE id <= ?", through);
        database.sql("UPDATE audit_chain SET purged_through = ?, anchor_hash = ? WHERE id = 1", through,
                lastDeleted.get("hash").asText());

        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isFalse();
        assertThat(check.get("firstBrokenId").asLong()).isEqualTo(through + 1);
        assertThat(check.get("problem").asText()).contains("records before it were deleted")
                .contains(lastDeleted.get("time").asText()).contains("90 days").contains("not purged");
        assertThat(check.get("checkedRecords").asLong()).isZero();
    }

    @Test
    void theTimeAKeptRecordGivesForItsDeletedPredecessorCannotBeMovedBack() throws Exception {
        writeRecords(8);
        List<JsonNode> all = records(service.adminToken());
        JsonNode lastDeleted = all.get(all.size() - 4);
        long through = lastDeleted.get("id").asLong();
        database.update("DELETE FROM audit_records WHERE id <= ?", through);
        database.sql("UPDATE audit_chain SET purged_through = ?, anchor_hash = ? WHERE id = 1", through,
                lastDeleted.get("hash").asText());
        database.sql("UPDATE audit_records SET previous_time = ? WHERE id = ?", OffsetDateTime.parse("2020-01-01T00:00:00Z"),
                through + 1);

        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).isFalse();
        assertThat(check.get("firstBrokenId").asLong()).isEqualTo(through + 1);
        assertThat(check.get("problem").asText()).contains("content does not match its hash");
    }

    @Test
    void deletingEveryRecordAndMovingTheAnchorToTheHeadIsReported() throws Exception {
        writeRecords(4);
        JsonNode newest = records(service.adminToken()).get(0);
        long last = newest.get("id").asLong();
        database.sql("UPDATE audit_chain SET purged_through = ?, anchor_hash = ? WHERE id = 1", last, newest.get("hash").asText());
        database.update("DELETE FROM audit_records WHERE id <= ?", last);

        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isFalse();
        assertThat(check.get("problem").asText()).contains("every record up to " + last + " was deleted");
    }

    @Test
    void recordsWrittenBeforeTheLogWithTheirHashChainAreTakenIntoItAndStillVerify() throws Exception {
        writeRecords(6);
        // Rewrite the records as the first version wrote them (a hash chain, without the fields added since),
        // and the database as it was before the signing log: no tree, no checkpoint.
        List<JsonNode> oldestFirst = new ArrayList<>(records(service.adminToken()));
        Collections.reverse(oldestFirst);
        String previous = AuditHash.GENESIS;
        for (JsonNode node : oldestFirst) {
            AuditRecord r = Json.mapper().treeToValue(node, AuditRecord.class);
            AuditRecord legacy = new AuditRecord(r.id(), r.time(), r.requestType(), r.status(), r.reason(), r.apiKeyId(),
                    r.apiKeyName(), r.clientId(), r.clientHostname(), r.certificateSha1(), r.certificateName(),
                    r.algorithm(), r.remoteAddress(), r.username(), r.context(), previous, null, null, null, null, null,
                    null, null, null, null, null, null, null);
            previous = AuditHash.of(legacy);
            database.sql("UPDATE audit_records SET action = NULL, object_kind = NULL, object_id = NULL, object_name = NULL, "
                    + "before_state = NULL, after_state = NULL, previous_time = NULL, retention_days = NULL, "
                    + "signed_digest = NULL, certificate_sha256 = NULL, signature_sha256 = NULL, log_nodes = NULL, "
                    + "previous_hash = ?, record_hash = ? WHERE id = ?", legacy.previousHash(), previous, r.id());
        }
        database.update("DELETE FROM log_nodes");
        database.sql("UPDATE audit_chain SET last_hash = ?, tree_size = 0, tree_edge = NULL, checkpoint = NULL, "
                + "first_leaf_id = 1 WHERE id = 1", previous);
        assertThat(verify().get("problem").asText()).contains("no checkpoint");

        // The next start takes them in.
        service.auditLog(service.clock, () -> Duration.ofDays(90));
        JsonNode check = verify();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.get("checkedRecords").asLong()).isEqualTo(oldestFirst.size());

        writeRecords(2);
        JsonNode newest = records(service.adminToken()).get(0);
        assertThat(newest.get("retentionDays").asInt()).isEqualTo(90);
        assertThat(newest.has("previousTime")).isTrue();
        check = verify();
        assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
        assertThat(check.get("checkedRecords").asLong()).isEqualTo(total());

        // A legacy record is no easier to change than before.
        database.sql("UPDATE audit_records SET client_hostname = ? WHERE id = ?", "someone-else", 3L);
        assertThat(verify().get("firstBrokenId").asLong()).isEqualTo(3);
    }

    // --- helpers

    private static AuditEntry note(String note) {
        return AuditEntry.of(RequestType.INDEX, "127.0.0.1").context(Map.of("note", note));
    }

    /** Audited calls: index and sign in turn. */
    private void writeRecords(int count) {
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                expect(service.http.get("/api/v1/client/identities", clientToken), 200);
            } else {
                expect(service.http.post("/api/v1/client/sign", clientToken, Map.of("sha1", rsa.sha1(),
                        "algorithm", "RSA_PKCS1_SHA256",
                        "data", Base64.getEncoder().encodeToString(HashAlgorithm.SHA256.digest(new byte[] {(byte) i})),
                        "context", Map.of("fileName", "file-" + i + ".bin"))), 200);
            }
        }
    }

    private JsonNode verify() {
        return expect(service.http.get("/api/v1/admin/audit/verify", service.adminToken()), 200).json();
    }

    private long total() {
        return expect(service.http.get("/api/v1/admin/audit?limit=1", service.adminToken()), 200).json()
                .get("total").asLong();
    }

    private long newestId() {
        return records(service.adminToken()).get(0).get("id").asLong();
    }

    /** Every record, newest first. */
    private List<JsonNode> records(String admin) {
        JsonNode page = expect(service.http.get("/api/v1/admin/audit?limit=1000", admin), 200).json();
        List<JsonNode> records = new ArrayList<>();
        page.get("records").forEach(records::add);
        return records;
    }

    private AuditRecord record(long id) throws Exception {
        JsonNode node = records(service.adminToken()).stream().filter(r -> r.get("id").asLong() == id)
                .findFirst().orElseThrow();
        return Json.mapper().treeToValue(node, AuditRecord.class);
    }

    private static List<Long> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.get("id").asLong()).toList();
    }
}
