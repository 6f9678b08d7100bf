package io.signingmanager.service.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's restore drill on the embedded database: a backup taken while a client signs, restored into a
 * new folder, where a service starts and the same client signs with the same key; and every way a backup
 * cannot be restored refused in words, with nothing written.
 */
class BackupRestoreTest {
    private static final char[] PASSPHRASE = "the operator's long passphrase".toCharArray();
    private static final byte[] MESSAGE = "a build's file".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    @BeforeEach
    void embeddedOnly() {
        assumeFalse(TestPostgres.inUse(), "PostgreSQL is backed up with pg_dump");
    }

    @Test
    void aBackupTakenWhileSigningRestoresIntoAServiceThatSignsWithTheSameKeyAndClient() throws Exception {
        TestPki.TestIdentity identity = TestPki.issuedByCa("Backed Up RSA", TestPki.rsaKeys(2048));
        byte[] backup;
        String token;
        long answeredBefore;
        try (TestService service = TestService.start()) {
            service.importP12(identity.p12("pw"), "pw");
            JsonNode key = service.createApiKey("ci");
            SigningServiceClient client = service.protocolClient();
            token = client.register(key.get("key").asText(), new RegisterRequest("build-1", "Linux", "1.0")).clientToken();
            AtomicBoolean signing = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            CompletableFuture<Void> signer = CompletableFuture.runAsync(() -> {
                while (signing.get()) {
                    sign(client, token, identity);
                    answered.incrementAndGet();
                }
            });
            while (answered.get() < 10) {
                Thread.sleep(10);
            }
            answeredBefore = answered.get();
            backup = backup(service, true);
            signing.set(false);
            signer.get(30, TimeUnit.SECONDS);
        }

        RestoreReport report = Restore.into(new ByteArrayInputStream(backup), PASSPHRASE, folder.resolve("restored"),
                Optional.empty());

        assertThat(report.rows()).containsEntry("certificates", 1L).containsEntry("clients", 1L).containsEntry("API keys", 1L);
        assertThat(report.auditRecords()).isGreaterThan(answeredBefore);
        assertThat(report.masterKeyFromBackup()).isTrue();
        try (TestService restored = TestService.start(config -> config.withDataFolder(folder.resolve("restored")))) {
            byte[] signature = sign(restored.protocolClient(), token, identity);
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(identity.leaf());
            verifier.update(MESSAGE);
            assertThat(verifier.verify(signature)).as("a signature by the restored key, checked with the old certificate").isTrue();
            AuditLog audit = new AuditLog(restored.service.database(), Clock.systemUTC(), () -> Duration.ofDays(3650));
            audit.open(new SecretBox(MasterKey.load(null, folder.resolve("restored"))));
            assertThat(audit.verify().valid()).isTrue();
        }
    }

    @Test
    void aWrongPassphraseATruncatedFileAUsedFolderAndAMissingOrWrongMasterKeyAreRefusedWritingNothing() throws Exception {
        byte[] withKey;
        byte[] withoutKey;
        byte[] masterKey;
        try (TestService service = TestService.start()) {
            service.createApiKey("ci");
            withKey = backup(service, true);
            withoutKey = backup(service, false);
            masterKey = MasterKey.load(null, service.data.resolve("data"));
        }
        Path target = folder.resolve("target");
        Path used = Files.createDirectories(folder.resolve("used"));
        Files.writeString(used.resolve("notes.txt"), "someone's");

        assertRefused(withKey, "wrong passphrase".toCharArray(), target, Optional.empty(), "The passphrase does not open this backup.");
        assertRefused(Arrays.copyOf(withKey, withKey.length - 100), PASSPHRASE, target, Optional.empty(), "truncated");
        assertRefused(withKey, PASSPHRASE, used, Optional.empty(), "is not empty");
        assertRefused(withoutKey, PASSPHRASE, target, Optional.empty(), "holds no master key");
        byte[] otherKey = masterKey.clone();
        otherKey[0] ^= 1;
        assertRefused(withoutKey, PASSPHRASE, target, Optional.of(otherKey), "The master key does not open");
        assertThat(target).doesNotExist();
        assertThat(used).isDirectoryContaining(path -> path.getFileName().toString().equals("notes.txt"));
        try (var siblings = Files.list(folder)) {
            assertThat(siblings.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("used");
        }

        RestoreReport restored = Restore.into(new ByteArrayInputStream(withoutKey), PASSPHRASE, target, Optional.of(masterKey));
        assertThat(restored.masterKeyFromBackup()).isFalse();
        assertThat(target.resolve(MasterKey.FILE_NAME)).as("a key given is not written: the service starts with it").doesNotExist();
    }

    private void assertRefused(byte[] backup, char[] passphrase, Path target, Optional<byte[]> key, String words) {
        assertThatThrownBy(() -> Restore.into(new ByteArrayInputStream(backup), passphrase, target, key))
                .isInstanceOf(BackupRefused.class).hasMessageContaining(words);
    }

    private static byte[] backup(TestService service, boolean includeMasterKey) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Backups(service.service.database(), service.data.resolve("data"), Clock.systemUTC()).write(out, PASSPHRASE,
                includeMasterKey);
        return out.toByteArray();
    }

    private static byte[] sign(SigningServiceClient client, String token, TestPki.TestIdentity identity) {
        try {
            return Base64.getDecoder().decode(client.sign(token, new SignRequest(identity.sha1(), "RSA_PKCS1_SHA256",
                    Base64.getEncoder().encodeToString(HashAlgorithm.SHA256.digest(MESSAGE)),
                    new SignContext("app.jar", null, "jar", null))).signature());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
