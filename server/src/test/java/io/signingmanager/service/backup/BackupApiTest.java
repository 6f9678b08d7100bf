package io.signingmanager.service.backup;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.license.IssuerKeys;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups through the admin API: a download that restores (with the license issuer's key the data folder
 * held), recorded in the audit before it is sent; scheduled
 * backups written at once and then every interval, the oldest beyond the number to keep deleted (and nothing
 * else in the folder), a failure kept for the pages and the diagnostics, the schedule changed with its
 * passphrase kept, and stopped; parallel downloads one at a time. Bad input is {@code BackupBadInputTest}'s.
 */
class BackupApiTest {
    private static final String PASSPHRASE = "correct horse battery staple";
    private static final String BACKUP = "/api/v1/admin/backup";

    @TempDir
    Path folder;

    @Test
    void aDownloadedBackupIsAuditedFirstAndRestoresWithItsPassphrase() throws Exception {
        assumeFalse(TestPostgres.inUse(), "PostgreSQL is backed up with pg_dump");
        try (TestService service = TestService.start()) {
            String admin = service.adminToken();
            service.createApiKey("before the backup");
            // A license issuer's key kept in the data folder (read at start) is one of the service's settings.
            Path issuerKey = service.data.resolve("data").resolve(IssuerKeys.FILE_IN_DATA_FOLDER);
            IssuerKeys.write(IssuerKeys.generate(), service.data.resolve("issuer.key"), issuerKey);
            Instant before = service.clock.instant();

            Http.Answer answer = expect(service.http.post(BACKUP, admin, Map.of("passphrase", PASSPHRASE,
                    "includeMasterKey", true)), 200);

            assertThat(answer.header("Content-Type")).startsWith("application/octet-stream");
            assertThat(answer.header("Content-Disposition")).matches("attachment; filename=\"signing-service-backup-\\d{8}T\\d{6}Z\\.age\"");
            assertThat(new String(answer.body(), 0, 21, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
            JsonNode record = Inventory.lastAuditRecord(service);
            assertThat(record.get("action").asText()).isEqualTo("backup.take");
            assertThat(record.get("username").asText()).isEqualTo("admin");
            assertThat(record.get("objectName").asText()).isEqualTo("download by admin, with the master key");
            RestoreReport report = Restore.into(new ByteArrayInputStream(answer.body()), PASSPHRASE.toCharArray(),
                    folder.resolve("restored"), Optional.empty());
            assertThat(report.rows()).containsEntry("API keys", 1L);
            assertThat(report.masterKeyFromBackup()).isTrue();
            assertThat(folder.resolve("restored").resolve(IssuerKeys.FILE_IN_DATA_FOLDER)).hasSameBinaryContentAs(issuerKey);
            // The restored audit holds the record of its own backup: it was written before the copy.
            assertThat(report.auditRecords()).isEqualTo(record.get("id").asLong());

            JsonNode state = expect(service.http.get(BACKUP, admin), 200).json();
            assertThat(state.get("embedded").asBoolean()).isTrue();
            assertThat(state.get("lastGood").get("by").asText()).isEqualTo("download by admin");
            assertThat(state.get("lastGood").get("bytes").asLong()).isEqualTo(answer.body().length);
            assertThat(Instant.parse(state.get("lastGood").get("at").asText())).isAfterOrEqualTo(before);
            assertThat(state.has("schedule")).as("no schedule: " + state).isFalse();
            JsonNode diagnostics = expect(service.http.get("/api/v1/diagnostics", service.userToken("viewer", false)), 200)
                    .json().get("backup");
            assertThat(diagnostics.get("takenByService").asBoolean()).isTrue();
            assertThat(diagnostics.get("lastGoodAt").asText()).isEqualTo(state.get("lastGood").get("at").asText());
            assertThat(diagnostics.get("scheduled").asBoolean()).isFalse();
        }
    }

    @Test
    void scheduledBackupsAreWrittenAtOnceThenEveryIntervalKeepingTheNewest() throws Exception {
        assumeFalse(TestPostgres.inUse(), "PostgreSQL is backed up with pg_dump");
        try (TestService service = TestService.start()) {
            String admin = service.adminToken();
            Path backups = Files.createDirectories(folder.resolve("backups"));
            Files.writeString(backups.resolve("signing-service-backup-notes.txt"), "the operator's own file");
            Files.writeString(backups.resolve("signing-service-backup-19990101T000000Z.age.old"), "not ours to delete");

            Instant before = service.clock.instant().minusMillis(1);
            JsonNode state = expect(service.http.put(BACKUP + "/schedule", admin, Map.of("folder", backups.toString(),
                    "intervalHours", 6, "keep", 2, "passphrase", PASSPHRASE)), 200).json();

            assertThat(state.get("schedule").get("folder").asText()).isEqualTo(backups.toString());
            assertThat(state.get("lastGood").get("by").asText()).isEqualTo("schedule");
            Path first = Path.of(state.get("lastGood").get("file").asText());
            assertThat(ours(backups)).containsExactly(first);
            assertThat(Instant.parse(state.get("nextAt").asText())).as("six hours after the first")
                    .isBetween(before.plus(Duration.ofHours(6)), service.clock.instant().plus(Duration.ofHours(6)));
            JsonNode set = auditOf(service, "backup.schedule-set").get(0);
            assertThat(set.get("after").toString()).contains("\"intervalHours\":\"6\"", "\"keep\":\"2\"", "\"passphrase\":\"new\"")
                    .doesNotContain(PASSPHRASE);
            assertThat(auditOf(service, "backup.take").get(0).get("username").asText()).isEqualTo("backup schedule");

            service.service.backups().runDue();
            assertThat(ours(backups)).as("not due yet").hasSize(1);
            List<Path> written = new ArrayList<>(List.of(first));
            for (int run = 0; run < 2; run++) {
                service.clock.advance(Duration.ofHours(6));
                service.service.backups().runDue();
                // Sessions end after hours idle: sign in again.
                written.add(Path.of(expect(service.http.get(BACKUP, service.login("admin", TestService.ADMIN_PASSWORD)), 200)
                        .json().get("lastGood").get("file").asText()));
            }

            assertThat(ours(backups)).as("the newest two").containsExactlyInAnyOrderElementsOf(written.subList(1, 3));
            assertThat(backups.resolve("signing-service-backup-notes.txt")).exists();
            assertThat(backups.resolve("signing-service-backup-19990101T000000Z.age.old")).exists();
            try (InputStream in = Files.newInputStream(written.get(2))) {
                RestoreReport report = Restore.into(in, PASSPHRASE.toCharArray(), folder.resolve("restored"),
                        Optional.of(io.signingmanager.service.secrets.MasterKey.load(null, service.data.resolve("data"))));
                assertThat(report.masterKeyFromBackup()).isFalse();
                assertThat(report.scheduleLeftOff()).as("a restore leaves the schedule off").isEqualTo(backups.toString());
            }
            try (Database restored = Database.openH2(folder.resolve("restored"))) {
                Optional<Integer> schedules = restored.read(c -> Sql.one(c, "SELECT COUNT(*) FROM backup_schedule",
                        row -> row.getInt(1)));
                assertThat(schedules).contains(0);
            }
        }
    }

    @Test
    void aFailedScheduledBackupIsShownUntilTheNextGoodOneAndTheScheduleChangesAndStops() throws Exception {
        assumeFalse(TestPostgres.inUse(), "PostgreSQL is backed up with pg_dump");
        try (TestService service = TestService.start()) {
            String admin = service.adminToken();
            Path backups = Files.createDirectories(folder.resolve("backups"));
            expect(service.http.put(BACKUP + "/schedule", admin, Map.of("folder", backups.toString(), "intervalHours", 1,
                    "keep", 3, "passphrase", PASSPHRASE)), 200);
            Path moved = folder.resolve("moved");
            Files.move(backups, moved);

            service.clock.advance(Duration.ofHours(1));
            service.service.backups().runDue();
            admin = service.login("admin", TestService.ADMIN_PASSWORD);

            JsonNode failure = expect(service.http.get(BACKUP, admin), 200).json().get("lastFailure");
            assertThat(failure.get("problem").asText()).isEqualTo("There is no folder " + backups
                    + " on the service's machine; create it first, writable by the service.");
            assertThat(expect(service.http.get("/api/v1/diagnostics", admin), 200).json().get("backup").get("lastFailureAt")
                    .asText()).isEqualTo(failure.get("at").asText());

            // Pointed at the folder where it now is, without typing the passphrase again: it is kept.
            JsonNode state = expect(service.http.put(BACKUP + "/schedule", admin, Map.of("folder", moved.toString(),
                    "intervalHours", 1, "keep", 3, "includeMasterKey", false)), 200).json();
            assertThat(state.has("lastFailure")).as("the good backup after the failure clears it: " + state).isFalse();
            assertThat(auditOf(service, "backup.schedule-set").get(0).get("after").get("passphrase").asText()).isEqualTo("kept");
            try (InputStream in = Files.newInputStream(Path.of(state.get("lastGood").get("file").asText()))) {
                Restore.into(in, PASSPHRASE.toCharArray(), folder.resolve("restored"),
                        Optional.of(io.signingmanager.service.secrets.MasterKey.load(null, service.data.resolve("data"))));
            }

            state = expect(service.http.delete(BACKUP + "/schedule", admin), 200).json();
            assertThat(state.has("schedule")).isFalse();
            assertThat(auditOf(service, "backup.schedule-remove")).hasSize(1);
            assertThat(ours(moved)).hasSize(2);
            long records = Inventory.auditTotal(service);
            expect(service.http.delete(BACKUP + "/schedule", admin), 200);
            assertThat(Inventory.auditTotal(service)).as("nothing to stop, nothing recorded").isEqualTo(records);
        }
    }

    @Test
    void parallelDownloadsAreTakenOneAtATimeOrRefusedWhileOneRuns() throws Exception {
        assumeFalse(TestPostgres.inUse(), "PostgreSQL is backed up with pg_dump");
        try (TestService service = TestService.start()) {
            String admin = service.adminToken();
            List<CompletableFuture<Http.Answer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> service.http.post(BACKUP, admin, Map.of("passphrase", PASSPHRASE))));
            }
            List<Http.Answer> answers = calls.stream().map(CompletableFuture::join).toList();

            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isIn(200, 409));
            assertThat(answers).anySatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
            for (Http.Answer answer : answers) {
                if (answer.status() == 200) {
                    assertThat(new String(answer.body(), 0, 21, StandardCharsets.US_ASCII)).isEqualTo("age-encryption.org/v1");
                } else {
                    assertThat(answer.error()).isEqualTo("conflict");
                    assertThat(answer.header("Retry-After")).isEqualTo("30");
                }
            }
            long audited = auditOf(service, "backup.take").size();
            assertThat(audited).as("a backup refused before it starts is not one").isEqualTo(answers.stream()
                    .filter(answer -> answer.status() == 200).count());
        }
    }

    /** The backup files the schedule wrote, by name. */
    private static List<Path> ours(Path backups) throws IOException {
        try (Stream<Path> files = Files.list(backups)) {
            return files.filter(file -> file.getFileName().toString().matches("signing-service-backup-\\d{8}T\\d{6}Z(-\\d+)?\\.age"))
                    .sorted().toList();
        }
    }

    /** The audit records of an admin action, newest first. */
    private static List<JsonNode> auditOf(TestService service, String action) {
        List<JsonNode> records = new ArrayList<>();
        expect(service.http.get("/api/v1/admin/audit?limit=1000&action=" + action,
                service.login("admin", TestService.ADMIN_PASSWORD)), 200).json()
                .get("records").forEach(records::add);
        return records;
    }
}
