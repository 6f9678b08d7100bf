package io.signingmanager.service.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.ChainCheck;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database copied while the service runs and writes (issue 21's groundwork): the copy opens
 * on its own, its audit verifies, and it holds every record answered before the copy began.
 */
class OnlineBackupTest {
    @TempDir
    Path folder;

    @Test
    void aCopyTakenWhileAdminsWriteOpensAndItsAuditVerifiesWithEveryEarlierRecord() throws Exception {
        assumeFalse(TestPostgres.inUse(), "the embedded database's copy");
        try (TestService service = TestService.start()) {
            Database database = service.service.database();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            CompletableFuture<Void> admins = CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    service.createApiKey("busy " + written.incrementAndGet());
                }
            });
            while (written.get() < 20) {
                Thread.sleep(10);
            }
            long before = auditRecords(database);
            Path zip = folder.resolve("backup.zip");

            database.backupTo(zip);
            writing.set(false);
            admins.get(30, TimeUnit.SECONDS);

            Path restored = Files.createDirectories(folder.resolve("restored"));
            unzipDatabase(zip, restored);
            try (Database copy = Database.openH2(restored)) {
                AuditLog audit = new AuditLog(copy, Clock.systemUTC(), () -> Duration.ofDays(3650));
                audit.open(new SecretBox(MasterKey.load(null, service.data.resolve("data"))));
                ChainCheck check = audit.verify();
                assertThat(check.valid()).as(check.toString()).isTrue();
                assertThat(auditRecords(copy)).isGreaterThanOrEqualTo(before).isLessThanOrEqualTo(auditRecords(database));
                assertThat(check.checkedRecords()).isEqualTo(auditRecords(copy));
            }
        }
    }

    @Test
    void aDatabaseOtherThanTheEmbeddedFileIsRefusedInWords() {
        try (Database memory = Database.openScratch()) {
            assertThatThrownBy(() -> memory.backupTo(folder.resolve("x.zip")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("pg_dump");
        }
    }

    private static long auditRecords(Database database) {
        return database.read(c -> {
            try (Statement count = c.createStatement(); ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM audit_records")) {
                rows.next();
                return rows.getLong(1);
            }
        });
    }

    private static void unzipDatabase(Path zip, Path folder) throws Exception {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            ZipEntry entry;
            int files = 0;
            while ((entry = entries.getNextEntry()) != null) {
                assertThat(entry.getName()).isEqualTo("signing-service.mv.db");
                Files.copy(entries, Database.h2File(folder).resolveSibling("signing-service.mv.db"));
                files++;
            }
            assertThat(files).isEqualTo(1);
        }
    }
}
