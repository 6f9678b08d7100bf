package io.signingmanager.service.clientapi;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.audit.AnonymousFailures;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Callers with no or an unknown token cannot fill the disk through the audit: their failures are
 * recorded without anything they sent, a few per address and minute, and the calls left unrecorded
 * are counted in the next record. Prints the disk growth per refused call and a legitimate client's
 * signing rate with and without the flood, for the note (measured, not asserted).
 */
class AnonymousFloodTest {
    private static final int THREADS = 4;
    private static final int CALLS_PER_THREAD = 500;
    private static final int FLOOD = THREADS * CALLS_PER_THREAD;
    private static final String LONG = "x".repeat(500);
    private static final Map<String, String> CONTEXT = Map.of("fileName", LONG, "fileSha256", LONG, "format", LONG,
            "note", LONG);

    @Test
    void anAnonymousFloodLeavesAFewSmallRecordsAndCountsTheCallsItDropped() throws Exception {
        try (TestService service = TestService.start()) {
            TestPki.TestIdentity rsa = TestPki.rsa(2048, "Flood RSA");
            service.importP12(rsa.p12("pw"), "pw");
            String token = service.registerClient(service.createApiKey("flood").get("key").asText(), "legit")
                    .get("clientToken").asText();
            String admin = service.adminToken();
            Instant from = service.clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Legit legit = new Legit(service.http, token, rsa.sha1());
            double alone = legit.signsPerSecond(Duration.ofSeconds(3), null);

            // The first flood alone, for the disk; the second with the legitimate client signing throughout.
            long sizeBefore = folderSize(service.data);
            flood(service.http, rsa.sha1(), null);
            long growth = folderSize(service.data) - sizeBefore;
            double during = flood(service.http, rsa.sha1(), legit);
            System.out.printf("[AnonymousFloodTest] %d anonymous failures: data folder grew %d bytes (%.1f bytes per"
                    + " call); legitimate signing %.0f/s alone, %.0f/s during the flood%n", FLOOD, growth,
                    growth / (double) FLOOD, alone, during);

            // The service's clock follows real time: a flood longer than a minute may record a second window's share.
            List<JsonNode> refused = failures(service, admin, from);
            long minutes = Duration.between(from, service.clock.instant()).toMinutes();
            assertThat(refused).hasSizeBetween(1, (int) (minutes + 1) * AnonymousFailures.RECORDS_PER_WINDOW);
            assertThat(refused).allSatisfy(r -> {
                assertThat(r.path("context").isEmpty()).as(r.toString()).isTrue();
                assertThat(r.has("algorithm")).as(r.toString()).isFalse();
                assertThat(r.has("certificateSha1")).as(r.toString()).isFalse();
                assertThat(r.has("apiKeyId") || r.has("clientId")).as(r.toString()).isFalse();
                assertThat(r.get("reason").asText()).startsWith("unauthenticated: no ").hasSizeLessThan(200);
            });

            // A minute on, the next refused call is recorded again, and says how many went unrecorded.
            service.clock.advance(Duration.ofMinutes(2));
            Instant later = service.clock.instant().truncatedTo(ChronoUnit.MILLIS);
            expect(service.http.post("/api/v1/client/sign", "smc_unknown", Map.of("sha1", rsa.sha1(),
                    "algorithm", "RSA_PKCS1_SHA256", "data", "AAAA", "context", CONTEXT)), 401);
            List<JsonNode> next = failures(service, service.adminToken(), later);
            assertThat(next).hasSize(1);
            assertThat(next.get(0).get("reason").asText()).contains(" more refused calls from this address not recorded");
            assertThat(next.get(0).path("context").isEmpty()).isTrue();
            List<JsonNode> all = new ArrayList<>(refused);
            all.addAll(next);
            long reportedDropped = all.stream().mapToLong(r -> dropped(r.get("reason").asText())).sum();
            assertThat(all.size() + reportedDropped).isEqualTo(2 * FLOOD + 1);
        }
    }

    private static long dropped(String reason) {
        Matcher count = Pattern.compile("; (\\d+) more refused calls").matcher(reason);
        return count.find() ? Long.parseLong(count.group(1)) : 0;
    }

    /** Floods from {@link #THREADS} threads; answers the legitimate client's signing rate meanwhile, when given one. */
    private static double flood(Http http, String sha1, Legit legit) throws Exception {
        ExecutorService flood = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(flood.submit(() -> {
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        expect(anonymousCall(http, i, sha1), 401);
                    }
                    return null;
                }));
            }
            double rate = legit == null ? 0 : legit.signsPerSecond(Duration.ofSeconds(60), done);
            for (Future<?> future : done) {
                future.get(120, TimeUnit.SECONDS);
            }
            return rate;
        } finally {
            flood.shutdownNow();
        }
    }

    /** Sign, list and register, with no token or an unknown one, the sign calls with the longest context allowed. */
    private static Http.Answer anonymousCall(Http http, int i, String sha1) {
        String token = i % 2 == 0 ? null : "smc_unknown-" + i;
        return switch (i % 4) {
            case 0, 1 -> http.post("/api/v1/client/sign", token, Map.of("sha1", sha1, "algorithm", "RSA_PKCS1_SHA256",
                    "data", Base64.getEncoder().encodeToString(new byte[32]), "context", CONTEXT));
            case 2 -> http.get("/api/v1/client/identities", token);
            default -> http.post("/api/v1/client/register", token == null ? null : "smk_unknown-" + i,
                    Map.of("hostname", LONG, "platform", LONG, "appVersion", "1"));
        };
    }

    /** The failed calls recorded since {@code from}; the legitimate client's calls all succeed. */
    private static List<JsonNode> failures(TestService service, String admin, Instant from) {
        JsonNode page = expect(service.http.get("/api/v1/admin/audit?status=failure&limit=1000&from=" + from, admin), 200)
                .json();
        assertThat(page.get("total").asLong()).isLessThanOrEqualTo(1000);
        List<JsonNode> records = new ArrayList<>();
        page.get("records").forEach(records::add);
        return records;
    }

    private static long folderSize(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client that signs in a loop, for its rate. */
    private record Legit(Http http, String token, String sha1) {
        /** Signs for {@code time}, or until the flood's futures are all done when given. */
        double signsPerSecond(Duration time, List<Future<?>> until) {
            long start = System.nanoTime();
            long deadline = start + time.toNanos();
            int signed = 0;
            while (System.nanoTime() < deadline && (until == null || !until.stream().allMatch(Future::isDone))) {
                expect(http.post("/api/v1/client/sign", token, Map.of("sha1", sha1, "algorithm", "RSA_PKCS1_SHA256",
                        "data", Base64.getEncoder().encodeToString(new byte[32]), "context", Map.of("fileName", "a.jar"))),
                        200);
                signed++;
            }
            return signed / ((System.nanoTime() - start) / 1e9);
        }
    }
}
