package io.signingmanager.service.backup;

import static io.signingmanager.service.testing.ProtocolAssertions.assertSignsAndVerifies;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.storage.ExternalDatabase;
import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21's drill on PostgreSQL, with its own tools as the README says: {@code pg_dump} while a client signs,
 * {@code pg_restore} into a new database, and a service there with the same master key signs for the same
 * client with the same key, its audit verifying with every signature answered before the dump began.
 */
class PostgresBackupTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path folder;

    /** For the signer thread, which cannot throw checked exceptions. */
    private static void signsAndVerifies(TestService service, String token, TestPki.TestIdentity identity) {
        try {
            assertSignsAndVerifies(service, token, identity);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pgDumpWhileSigningAndPgRestoreGiveAServiceThatSignsAsBefore() throws Exception {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String masterKey = Base64.getEncoder().encodeToString(key);
        TestPki.TestIdentity identity = TestPki.rsa(2048, "Dumped RSA");
        Path dump = folder.resolve("signing.dump");
        try (TestPostgres postgres = TestPostgres.start()) {
            ExternalDatabase original = postgres.database("original");
            String token;
            long answeredBefore;
            try (TestService service = TestService.start(config -> config.withSharedDatabase(original, masterKey))) {
                service.importP12(identity.p12("pw"), "pw");
                token = service.registerClient(service.createApiKey("ci").get("key").asText(), "builder").get("clientToken")
                        .asText();
                AtomicBoolean signing = new AtomicBoolean(true);
                AtomicInteger answered = new AtomicInteger();
                CompletableFuture<Void> signer = CompletableFuture.runAsync(() -> {
                    while (signing.get()) {
                        signsAndVerifies(service, token, identity);
                        answered.incrementAndGet();
                    }
                });
                while (answered.get() < 10) {
                    Thread.sleep(10);
                }
                answeredBefore = answered.get();
                ExternalTool.Run dumped = ExternalTool.run(List.of(postgres.program("pg_dump").toString(), "--format=custom",
                        "--file", dump.toString(), "--dbname", postgres.libpqUri("original")), Map.of(), folder);
                signing.set(false);
                signer.get(30, TimeUnit.SECONDS);
                assertThat(dumped.exit()).as(dumped.toString()).isZero();
            }

            ExternalDatabase restored = postgres.database("restored");
            ExternalTool.Run restoring = ExternalTool.run(List.of(postgres.program("pg_restore").toString(), "--no-owner",
                    "--exit-on-error", "--dbname", postgres.libpqUri("restored"), dump.toString()), Map.of(), folder);
            assertThat(restoring.exit()).as(restoring.toString()).isZero();

            try (TestService service = TestService.start(config -> config.withSharedDatabase(restored, masterKey))) {
                assertSignsAndVerifies(service, token, identity);
                String admin = service.login("admin", TestService.ADMIN_PASSWORD);
                JsonNode chain = service.http.get("/api/v1/admin/audit/verify", admin).json();
                assertThat(chain.get("valid").asBoolean()).as(chain.toString()).isTrue();
                long signatures = service.http.get("/api/v1/admin/audit?type=sign&limit=1000", admin).json().get("records").size();
                assertThat(signatures).isGreaterThan(answeredBefore);
            }
        }
    }
}
