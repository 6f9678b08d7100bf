package io.signingmanager.service.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signing-service backup} and {@code restore} as an operator runs them, and what they refuse. */
class BackupCommandsTest {
    private static final Map<String, String> PASSPHRASE = Map.of(Passphrase.VARIABLE, "a passphrase of some length");

    @TempDir
    Path folder;
    private Path data;

    @BeforeEach
    void serviceThatRanAndStopped() {
        assumeFalse(TestPostgres.inUse(), "PostgreSQL is backed up with pg_dump");
        data = folder.resolve("data");
        try (TestService service = TestService.start(config -> config.withDataFolder(data))) {
            service.importP12(TestPki.rsa(2048, "Command Line RSA").p12("pw"), "pw");
            service.createApiKey("ci");
        }
    }

    @Test
    void aStoppedServicesFolderIsBackedUpAndRestoredSayingWhatCameBack() throws Exception {
        Path file = folder.resolve("service.backup");

        Run backup = run(PASSPHRASE, "backup", "--to", file.toString(), "--data", data.toString(), "--include-master-key");
        Run restore = run(PASSPHRASE, "restore", "--from", file.toString(), "--data", folder.resolve("restored").toString());

        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("Wrote " + file, "It holds the master key");
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).startsWith("age-encryption.org/v1\n-> scrypt ");
        assertThat(restore.exit()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("certificates: 1", "API keys: 1", "verified", "The master key came with the backup.");
        assertThat(folder.resolve("restored/signing-service.mv.db")).isRegularFile();
    }

    @Test
    void aRunningServiceIsBackedUpThroughItsSocketAndTheBackupIsAuditedFirst() throws Exception {
        Path file = folder.resolve("running.backup");
        Run backup;
        JsonNode records;
        try (TestService service = TestService.start(config -> config.withDataFolder(data))) {
            assertThat(data.resolve(BackupSocket.FILE_NAME)).exists();
            backup = run(PASSPHRASE, "backup", "--to", file.toString(), "--data", data.toString());
            records = service.http.get("/api/v1/admin/audit?type=admin&action=backup.take",
                    service.login("admin", TestService.ADMIN_PASSWORD)).json()
                    .get("records");
        }
        Run restore = run(PASSPHRASE, "restore", "--from", file.toString(), "--data", folder.resolve("restored").toString());

        assertThat(backup.exit()).as(backup.err()).isZero();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).toString()).contains("without the master key", "(data folder owner)");
        assertThat(data.resolve(BackupSocket.FILE_NAME)).doesNotExist();
        assertThat(restore.err()).contains("holds no master key");
        Map<String, String> withKey = Map.of(Passphrase.VARIABLE, PASSPHRASE.get(Passphrase.VARIABLE), "SIGNING_SERVICE_MASTER_KEY",
                Base64.getEncoder().encodeToString(Files.readAllBytes(data.resolve("master.key"))));
        Run restoreWithKey = run(withKey, "restore", "--from", file.toString(), "--data", folder.resolve("restored").toString());
        assertThat(restoreWithKey.exit()).as(restoreWithKey.err()).isZero();
        assertThat(restoreWithKey.out()).contains("certificates: 1", "API keys: 1");
    }

    @Test
    void aShortOrMissingPassphraseAndAnExistingFileAreRefusedInWords() throws Exception {
        Path file = folder.resolve("service.backup");
        Run shortOne = run(Map.of(Passphrase.VARIABLE, "too short"), "backup", "--to", file.toString(), "--data", data.toString());
        Run none = run(Map.of(), "backup", "--to", file.toString(), "--data", data.toString());
        Files.writeString(file, "an older backup");
        Run existing = run(PASSPHRASE, "backup", "--to", file.toString(), "--data", data.toString());
        Run usage = run(PASSPHRASE, "backup", "--data", data.toString());

        assertThat(shortOne.err()).contains("at least 12 characters");
        assertThat(none.err()).contains("No passphrase: set SIGNING_SERVICE_BACKUP_PASSPHRASE or run this at a terminal.");
        assertThat(existing.err()).contains("is there already; nothing was written.");
        assertThat(Files.readString(file)).isEqualTo("an older backup");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--to");
        assertThat(folder).isDirectoryNotContaining(path -> path.getFileName().toString().endsWith(".partial"));
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BackupCommands.run(args, env, Optional::empty, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
