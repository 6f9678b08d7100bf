package io.signingmanager.service.storage;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder's disk fills up while clients sign: no signature leaves unaudited, callers get 503
 * with the reason, the health call says why, and once there is room again the service works on by
 * itself, without a restart, with its audit chain intact. On a real 8 MiB tmpfs (mounting needs root,
 * as in CI).
 */
class FullDiskTest {
    private static final int MAX_SIGNS_WHILE_FULL = 200;

    @TempDir
    Path folder;

    @Test
    void aFullDiskAnswers503WithTheReasonAndTheServiceRecoversWhenThereIsRoomAgain() throws Exception {
        Assumptions.assumeFalse(TestPostgres.inUse(),
                "the disk filled here is the embedded H2's; a PostgreSQL server's disk is not the service's to fill");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "mounting the small tmpfs this test fills needs root (CI runs as root)");
        Path disk = Files.createDirectory(folder.resolve("disk"));
        ExternalTool.Run mount = ExternalTool.run(List.of("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs",
                disk.toString()), Map.of(), folder);
        Assumptions.assumeTrue(mount.exit() == 0, "tmpfs cannot be mounted here: " + mount.stderr());
        try {
            runOnFullDisk(disk);
        } finally {
            ExternalTool.run(List.of("umount", disk.toString()), Map.of(), folder);
        }
    }

    private static void runOnFullDisk(Path disk) throws Exception {
        try (TestService service = TestService.start(config -> config.withDataFolder(disk.resolve("data")))) {
            String admin = service.adminToken();
            TestPki.TestIdentity identity = TestPki.ec("secp256r1", "Full Disk");
            service.importP12(identity.p12("secret"), "secret");
            String client = service.registerClient(service.createApiKey("full disk").get("key").asText(), "full-disk")
                    .get("clientToken").asText();
            Map<String, String> sign = Map.of("sha1", identity.sha1(), "algorithm", "ECDSA_SHA256",
                    "data", Base64.getEncoder().encodeToString(new byte[32]));
            int signatures = 0;
            expect(service.http.post("/api/v1/client/sign", client, sign), 200);
            signatures++;

            Path filler = disk.resolve("filler");
            long filled = fill(filler);
            // MVStore reuses free room inside its file, so a few more commits may still fit.
            List<Long> refusedMillis = new ArrayList<>();
            Http.Answer refused = null;
            for (int i = 0; i < MAX_SIGNS_WHILE_FULL && refusedMillis.size() < 20; i++) {
                long started = System.nanoTime();
                Http.Answer answer = service.http.post("/api/v1/client/sign", client, sign);
                if (answer.status() == 200) {
                    signatures++;
                    continue;
                }
                refusedMillis.add((System.nanoTime() - started) / 1_000_000);
                assertThat(answer.status()).as(answer.text()).isEqualTo(503);
                assertThat(answer.error()).isEqualTo("storage_unavailable");
                assertThat(answer.json().get("message").asText()).contains("No space left on device");
                refused = answer;
            }
            assertThat(refused).as("signing refused while the disk is full").isNotNull();
            Http.Answer health = service.http.get("/api/v1/health", null);
            assertThat(health.status()).as(health.text()).isEqualTo(503);
            assertThat(health.error()).isEqualTo("storage_unavailable");
            assertThat(health.json().get("message").asText()).contains("No space left on device");
            // Reading still works once the file is open again, so the signed-in diagnostics can say it too.
            Http.Answer diagnosticsWhileFull = service.http.get("/api/v1/diagnostics", admin);
            if (diagnosticsWhileFull.status() == 200) {
                assertThat(diagnosticsWhileFull.json().at("/database/state").asText()).isEqualTo("unavailable");
                assertThat(diagnosticsWhileFull.json().at("/database/problem").asText()).contains("No space left");
            } else {
                assertThat(diagnosticsWhileFull.error()).as(diagnosticsWhileFull.text()).isEqualTo("storage_unavailable");
            }
            System.out.println("Diagnostics while full: " + diagnosticsWhileFull.status() + " "
                    + diagnosticsWhileFull.json().path("database"));

            Files.delete(filler);
            long freed = System.nanoTime();
            expect(service.http.post("/api/v1/client/sign", client, sign), 200);
            long recoveredMillis = (System.nanoTime() - freed) / 1_000_000;
            signatures++;
            expect(service.http.get("/api/v1/health", null), 200);
            expect(service.http.get("/api/v1/admin/certificates", admin), 200);
            expect(service.http.post("/api/v1/admin/api-keys", admin, Map.of("name", "after the full disk")), 201);
            JsonNode diagnostics = expect(service.http.get("/api/v1/diagnostics", admin), 200).json();
            assertThat(diagnostics.at("/database/state").asText()).isEqualTo("ok");

            JsonNode chain = expect(service.http.get("/api/v1/admin/audit/verify", admin), 200).json();
            assertThat(chain.get("valid").asBoolean()).as(chain.toString()).isTrue();
            long audited = expect(service.http.get("/api/v1/admin/audit?type=sign&status=success&limit=1000", admin),
                    200).json().get("total").asLong();
            assertThat(audited).as("signatures returned, each audited").isEqualTo(signatures);
            System.out.printf("Full disk: filled %d bytes; %d signatures returned (all audited), %d refused with "
                    + "503 in %s ms; first sign after freeing answered in %d ms%n", filled, signatures,
                    refusedMillis.size(), refusedMillis, recoveredMillis);
        }
    }

    /** Writes until the disk refuses; answers how much fitted. */
    private static long fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException full) {
            return written;
        }
    }
}
