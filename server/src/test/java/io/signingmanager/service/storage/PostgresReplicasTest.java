package io.signingmanager.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.ServiceConfig;
import io.signingmanager.service.SigningService;
import io.signingmanager.service.testing.ProtocolAssertions;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.common.protocol.SignResponse;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.MerkleProofs;
import io.signingmanager.common.tlog.Checkpoint;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.Queue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Signing Service replicas sharing one real PostgreSQL server: what one writes the other sees at
 * once (sessions, clients and their status, login failures), and the signatures both make are
 * audited in one unbroken hash chain.
 */
class PostgresReplicasTest {
    private static final String P12_PASSWORD = "p12 password";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY = masterKey();

    private static TestPostgres postgres;
    private static TestService first;
    private static TestService second;
    private static String admin;
    private static TestPki.TestIdentity identity;

    @TempDir
    Path folder;

    @BeforeAll
    static void startTwoReplicas() {
        postgres = TestPostgres.start();
        ExternalDatabase database = postgres.database("replicas");
        first = TestService.start(config -> config.withSharedDatabase(database, KEY));
        second = TestService.start(config -> config.withSharedDatabase(database, KEY));
        admin = first.adminToken();
        identity = TestPki.rsa(2048, "Replicated Code Signing");
        first.importP12(identity.p12(P12_PASSWORD), P12_PASSWORD);
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable closeable : new AutoCloseable[] {second, first, postgres}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void aSessionMadeOnOneReplicaServesOnTheOther() {
        String session = first.login("admin", TestService.ADMIN_PASSWORD);

        assertThat(second.http.get("/api/v1/admin/users", session).status()).isEqualTo(200);
        assertThat(second.http.post("/api/v1/auth/logout", session, null).status()).isIn(200, 204);
        assertThat(first.http.get("/api/v1/admin/users", session).status()).isEqualTo(401);
    }

    @Test
    void signaturesMadeOnBothReplicasFormOneSigningLogWhoseEveryReceiptHoldsAgainstTheLatestCheckpoint()
            throws Exception {
        String key = first.createApiKey("both replicas").get("key").asText();
        String token = second.registerClient(key, "replicated-builder").get("clientToken").asText();
        List<SigningServiceClient> replicas = List.of(first.protocolClient(), second.protocolClient());
        long signedBefore = signRecords();
        Queue<Receipt> receipts = new ConcurrentLinkedQueue<>();

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        receipts.add(signAndVerify(replicas.get(i % 2), token));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(signRecords() - signedBefore).isEqualTo(80);
        for (TestService replica : List.of(first, second)) {
            JsonNode chain = replica.http.get("/api/v1/admin/audit/verify", admin).json();
            assertThat(chain.get("valid").asBoolean()).as(chain.toString()).isTrue();
        }

        // One tree: every receipt holds against its own checkpoint, and the latest checkpoint, read on one
        // replica, extends each of them by the other replica's proofs.
        NoteVerifierKey logKey = NoteVerifierKey.parse(replicas.get(0).logKey()).orElseThrow();
        assertThat(replicas.get(1).logKey()).isEqualTo(logKey.toString());
        Checkpoint latest = new Receipt(0, "", replicas.get(0).logCheckpoint(token), List.of()).signedCheckpoint(logKey)
                .orElseThrow();
        assertThat(receipts).hasSize(80);
        for (Receipt receipt : receipts) {
            assertThat(receipt.problem(logKey)).isEmpty();
            Checkpoint then = receipt.signedCheckpoint(logKey).orElseThrow();
            List<byte[]> proof = replicas.get(1).consistencyProof(token, then.size(), latest.size()).stream()
                    .map(Base64.getDecoder()::decode).toList();
            assertThat(MerkleProofs.extendsTree(then.size(), latest.size(), then.rootHash(), latest.rootHash(), proof))
                    .isTrue();
        }
    }

    @Test
    void aClientMadeInactiveOnOneReplicaIsRefusedByTheOther() throws Exception {
        String key = first.createApiKey("deactivated elsewhere").get("key").asText();
        JsonNode client = first.registerClient(key, "soon-inactive");
        String token = client.get("clientToken").asText();
        signAndVerify(second.protocolClient(), token);

        TestService.expect(first.http.patch("/api/v1/admin/clients/" + client.get("clientId").asText(), admin,
                Map.of("active", false)), 200);

        ProtocolAssertions.assertError(() -> signAndVerify(second.protocolClient(), token), 403, "client_inactive");
        ProtocolAssertions.assertError(() -> second.protocolClient().signBatch(token, new SignBatchRequest(List.of(
                new SignRequest(identity.sha1(), "RSA_PKCS1_SHA256", Base64.getEncoder().encodeToString(new byte[32]),
                        null)))), 403, "client_inactive");
    }

    @Test
    void failedSignInsCountOnEveryReplica() {
        TestService.expect(first.http.post("/api/v1/admin/users", admin,
                Map.of("username", "guessed", "password", "the right password", "admin", false)), 201);
        for (int i = 0; i < 5; i++) {
            TestService replica = i % 2 == 0 ? first : second;
            assertThat(replica.http.post("/api/v1/auth/login", null,
                    Map.of("username", "guessed", "password", "wrong guess " + i)).status()).isEqualTo(401);
        }

        var answer = second.http.post("/api/v1/auth/login", null,
                Map.of("username", "guessed", "password", "the right password"));
        assertThat(answer.status()).isEqualTo(429);
    }

    @Test
    void replicasStartingTogetherOnAnEmptyDatabaseAllStartWithOneDefaultAdmin() throws Exception {
        ExternalDatabase empty = postgres.database("started_together");
        ExecutorService starters = Executors.newFixedThreadPool(3);
        List<TestService> replicas = new ArrayList<>();
        try {
            List<Future<TestService>> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                started.add(starters.submit(() -> TestService.start(config -> config.withSharedDatabase(empty, KEY))));
            }
            for (Future<TestService> replica : started) {
                replicas.add(replica.get(120, TimeUnit.SECONDS));
            }
            JsonNode users = replicas.get(2).http.get("/api/v1/admin/users", replicas.get(0).adminToken()).json();
            assertThat(users.findValuesAsText("username")).containsExactly("admin");
            // One signing log key, whichever replica made it.
            assertThat(replicas.stream().map(r -> r.http.get("/api/v1/log/key", null).text()).distinct()).hasSize(1);
        } finally {
            starters.shutdownNow();
            replicas.forEach(TestService::close);
        }
    }

    @Test
    void aDatabaseThatCannotBeReachedIsSaidInWords() {
        ServiceConfig config = ServiceConfig.defaults(folder.resolve("data")).withPort(0)
                .withSharedDatabase(new ExternalDatabase("jdbc:postgresql://127.0.0.1:1/nowhere", "signing", ""), null);

        assertThatThrownBy(() -> SigningService.start(config, Clock.systemUTC()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("The database jdbc:postgresql://127.0.0.1:1/nowhere cannot be reached");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--database-url", "jdbc:mysql://db/signing"}, Map.of()))
                .hasMessageContaining("must be a PostgreSQL JDBC URL like jdbc:postgresql://");
    }

    private static String masterKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static long signRecords() {
        return first.http.get("/api/v1/admin/audit?type=sign&limit=1", admin).json().get("total").asLong();
    }

    private static Receipt signAndVerify(SigningServiceClient replica, String token) throws Exception {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        SignResponse answer = replica.sign(token, new SignRequest(identity.sha1(), "RSA_PKCS1_SHA256",
                Base64.getEncoder().encodeToString(digest), null));
        String signature = answer.signature();
        Signature verifier = Signature.getInstance("NONEwithRSA");
        verifier.initVerify(identity.leaf().getPublicKey());
        verifier.update(HashAlgorithm.SHA256.digestInfo(digest));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();
        return answer.receipt();
    }
}
