package io.signingmanager.service.audit;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Recorded before the answer goes out": the service runs as its own process, signs, and is
 * killed with SIGKILL the moment the last signature arrives. Started again on the same data folder,
 * it holds an audit record for every signature handed out, and the chain verifies.
 */
class AuditDurabilityTest {
    private static final Pattern LISTENING = Pattern.compile("listening on https://[^:]+:(\\d+) .*SHA-256 ([0-9A-Fa-f:]+)");
    private static final int SEQUENTIAL = 25;
    private static final int CONCURRENT = 40;
    private static final int THREADS = 8;

    @TempDir
    Path data;

    @Test
    void everySignatureAnsweredBeforeAKillHasItsAuditRecord() throws Exception {
        TestPki.TestIdentity rsa = TestPki.rsa(2048, "Durable RSA");
        Map<String, byte[]> signatures = Collections.synchronizedMap(new HashMap<>());
        ServiceProcess first = ServiceProcess.start(data);
        try {
            Http http = first.http();
            String admin = firstSignIn(http);
            expect(http.upload("POST", "/api/v1/admin/certificates", admin, "file", rsa.p12("pw"),
                    Map.of("password", "pw")), 201);
            String key = expect(http.post("/api/v1/admin/api-keys", admin, Map.of("name", "durable")), 201)
                    .json().get("key").asText();
            SigningServiceClient client = first.client();
            String token = client.register(key, new RegisterRequest("durable-host", "Linux", "1.0")).clientToken();

            for (int i = 0; i < SEQUENTIAL; i++) {
                sign(client, token, rsa, "seq-" + i, signatures);
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<CompletableFuture<Void>> calls = new ArrayList<>();
                for (int i = 0; i < CONCURRENT; i++) {
                    String name = "par-" + i;
                    calls.add(CompletableFuture.runAsync(() -> sign(client, token, rsa, name, signatures), pool));
                }
                CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).get(2, TimeUnit.MINUTES);
            } finally {
                pool.shutdown();
            }
            for (int i = 0; i < SEQUENTIAL; i++) {
                sign(client, token, rsa, "last-" + i, signatures);
            }
            first.kill();
        } finally {
            first.kill();
        }
        assertThat(signatures).hasSize(2 * SEQUENTIAL + CONCURRENT);

        ServiceProcess second = ServiceProcess.start(data);
        try {
            Http http = second.http();
            String admin = login(http, TestService.ADMIN_PASSWORD);
            JsonNode page = expect(http.get("/api/v1/admin/audit?type=sign&status=success&limit=1000", admin), 200).json();
            Map<String, JsonNode> byFile = new HashMap<>();
            page.get("records").forEach(r -> byFile.put(r.get("context").get("fileName").asText(), r));
            assertThat(byFile.keySet()).as("every signature handed out has its record")
                    .containsExactlyInAnyOrderElementsOf(signatures.keySet());
            assertThat(page.get("total").asLong()).isEqualTo(signatures.size());
            for (Map.Entry<String, byte[]> signed : signatures.entrySet()) {
                JsonNode record = byFile.get(signed.getKey());
                assertThat(record.get("certificateSha1").asText()).isEqualTo(rsa.sha1());
                assertThat(record.get("context").get("fileSha256").asText())
                        .isEqualTo(HexFormat.of().formatHex(digest(signed.getKey())));
                assertThat(record.get("clientHostname").asText()).isEqualTo("durable-host");
            }
            JsonNode check = expect(http.get("/api/v1/admin/audit/verify", admin), 200).json();
            assertThat(check.get("valid").asBoolean()).as(check.toString()).isTrue();
            // The sign-in, the certificate's import, the API key's creation, the registration and the
            // signatures, plus this sign-in after the restart.
            assertThat(check.get("checkedRecords").asLong()).isEqualTo(signatures.size() + 5);
        } finally {
            second.kill();
        }
    }

    private static void sign(SigningServiceClient client, String token, TestPki.TestIdentity identity, String name,
                             Map<String, byte[]> signatures) {
        byte[] digest = digest(name);
        try {
            String signature = client.sign(token, new SignRequest(identity.sha1(), "RSA_PKCS1_SHA256",
                    Base64.getEncoder().encodeToString(digest),
                    new SignContext(name, HexFormat.of().formatHex(digest), "bin", null))).signature();
            byte[] bytes = Base64.getDecoder().decode(signature);
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(identity.leaf().getPublicKey());
            verifier.update(name.getBytes(StandardCharsets.UTF_8));
            assertThat(verifier.verify(bytes)).isTrue();
            signatures.put(name, bytes);
        } catch (Exception e) {
            throw new IllegalStateException("Signing " + name + " failed", e);
        }
    }

    private static byte[] digest(String name) {
        return HashAlgorithm.SHA256.digest(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String firstSignIn(Http http) {
        String token = login(http, "change_password");
        expect(http.post("/api/v1/auth/password", token,
                Map.of("currentPassword", "change_password", "newPassword", TestService.ADMIN_PASSWORD)), 200);
        expect(http.post("/api/v1/auth/agreement", token, null), 200);
        return token;
    }

    private static String login(Http http, String password) {
        return expect(http.post("/api/v1/auth/login", null, Map.of("username", "admin", "password", password)), 200)
                .json().get("token").asText();
    }

    /** The service's own {@code main} in a child JVM on the test classpath. */
    private static final class ServiceProcess {
        private final Process process;
        private final int port;
        private final String tlsSha256;

        private ServiceProcess(Process process, int port, String tlsSha256) {
            this.process = process;
            this.port = port;
            this.tlsSha256 = tlsSha256;
        }

        static ServiceProcess start(Path data) throws Exception {
            Path log = Files.createTempFile(data, "service", ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "io.signingmanager.service.Main", "--port", "0", "--data", data.resolve("service").toString())
                    .redirectErrorStream(true).start();
            CompletableFuture<Matcher> listening = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
                        Matcher matcher = LISTENING.matcher(line);
                        if (matcher.find()) {
                            listening.complete(matcher);
                        }
                    }
                } catch (IOException e) {
                    listening.completeExceptionally(e);
                }
                listening.completeExceptionally(new IllegalStateException("The service exited before listening"));
            }, "service-log");
            reader.setDaemon(true);
            reader.start();
            try {
                Matcher matcher = listening.get(60, TimeUnit.SECONDS);
                return new ServiceProcess(process, Integer.parseInt(matcher.group(1)), matcher.group(2));
            } catch (Exception e) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("The service did not start; its log:\n" + Files.readString(log), e);
            }
        }

        URI uri() {
            return URI.create("https://localhost:" + port);
        }

        Http http() {
            return new Http(uri(), tlsSha256);
        }

        SigningServiceClient client() {
            return new SigningServiceClient(uri(), TlsTrust.pinned(tlsSha256));
        }

        /** SIGKILL: no shutdown hook, no clean close of the database. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
