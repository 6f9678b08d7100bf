package io.signingmanager.service.http;

import static io.signingmanager.service.http.BadInputs.PW;
import static io.signingmanager.service.http.BadInputs.audited;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignBatchResult;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RawHttps;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BadInputTest}'s corpus for {@code POST /api/v1/client/sign-batch}: NUL bytes and unpaired
 * surrogates in every string field of an item, lists that are missing, empty, too long or hold no
 * requests, bodies over the route's limit, large bodies from callers it does not know. Each refuses the whole batch with a 4xx, signs nothing and
 * leaves one failed audit record. Then (last, so its records count in no case) a flood of parallel
 * batches leaves the service answering.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchBadInputTest {
    private static final String BATCH = "/api/v1/client/sign-batch";
    private static final String DIGEST = Base64.getEncoder().encodeToString(new byte[32]);
    private static final List<String> FIELDS = List.of("sha1", "algorithm", "data", "context.fileName",
            "context.fileSha256", "context.format", "context.note");

    @RunningService
    private static TestService service;
    private static BadInputs send;
    private static String ecSha1;
    private static String clientToken;

    @BeforeAll
    static void start() {
        send = new BadInputs(service);
        TestPki.TestIdentity ec = TestPki.ec("secp256r1", "Batch Bad Input");
        ecSha1 = ec.sha1();
        service.importP12(ec.p12(PW), PW);
        clientToken = service.registerClient(service.createApiKey("batch bad input").get("key").asText(), "batch-host")
                .get("clientToken").asText();
    }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        for (String field : FIELDS) {
            cases.add(audited("a NUL in an item's " + field, () -> batch(good() + "," + itemWith(field, "a\\u0000b")), 400,
                    "bad_request"));
            cases.add(audited("an unpaired surrogate in an item's " + field, () -> batch(itemWith(field, "a\\ud800b")),
                    400, "bad_request"));
            cases.add(audited("a lone low surrogate in an item's " + field, () -> batch(itemWith(field, "\\udc00")), 400,
                    "bad_request"));
        }
        String thousandAndOne = String.join(",", Collections.nCopies(SignBatchRequest.MAX_ITEMS + 1, good()));
        cases.addAll(List.of(
                audited("no items", () -> send.json("POST", BATCH, clientToken, "{}"), 400, "bad_request"),
                audited("an empty list", () -> batch(""), 400, "bad_request"),
                audited("1,001 items", () -> batch(thousandAndOne), 400, "bad_request"),
                audited("a null item", () -> batch(good() + ",null"), 400, "bad_request"),
                audited("a number for an item", () -> batch("5"), 400, "bad_request"),
                audited("a string for the items", () -> send.json("POST", BATCH, clientToken, "{\"items\":\"all\"}"), 400,
                        "bad_request"),
                audited("an empty body", () -> send.json("POST", BATCH, clientToken, ""), 400, "bad_request"),
                audited("malformed JSON", () -> send.json("POST", BATCH, clientToken, "{\"items\":[{]}"), 400, "bad_request"),
                // Over the default 64 KiB, a body is read only once the token names a client (RouteHandler.buffersBody).
                audited("a 1 MiB batch, anonymously", () -> send.json("POST", BATCH, null, oversize(1024 * 1024)), 401,
                        "unauthenticated"),
                audited("a 1 MiB batch with an unknown token", () -> send.json("POST", BATCH, "smc_unknown",
                        oversize(1024 * 1024)), 401, "unauthenticated"),
                audited("a body one byte over the limit", () -> send.json("POST", BATCH, clientToken,
                        oversize(maxBody() + 1)), 413, "too_large"),
                audited("a chunked body over the limit", () -> RawHttps.send(service, "POST " + BATCH + " HTTP/1.1\r\n"
                        + "Host: localhost\r\nAuthorization: Bearer " + clientToken + "\r\nContent-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked", RawHttps.chunked(oversize(maxBody() + 100_000)
                        .getBytes(StandardCharsets.UTF_8), 64 * 1024)), 413, "too_large")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    @Order(1)
    void badInputRefusesTheWholeBatchAndWritesNothing(String name, Supplier<Http.Answer> call, int status, String code,
                                                     int auditRecords) {
        send.assertRefusedAndNothingWritten(name, call, status, code, auditRecords);
    }

    @Test
    @Order(2)
    void aFloodOfParallelBatchesIsServedWithinBoundsAndTheServiceAnswersAfter() throws Exception {
        // Calls of 100 items, so each answers well within the client's 30 s even on a loaded PostgreSQL.
        int threads = 8;
        int batchesEach = 4;
        int items = 100;
        List<SignRequest> batch = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            batch.add(new SignRequest(ecSha1, "ECDSA_SHA256", DIGEST, new SignContext("flood-" + i, null, null, null)));
        }
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(callers.submit(() -> {
                    SigningServiceClient client = service.protocolClient();
                    int signed = 0;
                    for (int b = 0; b < batchesEach; b++) {
                        signed += (int) client.signBatch(clientToken, new SignBatchRequest(batch)).results().stream()
                                .filter(SignBatchResult::isSigned).count();
                    }
                    return signed;
                }));
            }
            int signed = 0;
            for (Future<Integer> future : done) {
                signed += future.get(180, TimeUnit.SECONDS);
            }
            assertThat(signed).isEqualTo(threads * batchesEach * items);
        } finally {
            callers.shutdownNow();
        }
        assertThat(System.nanoTime() - start).as("the flood's wall time").isLessThan(TimeUnit.SECONDS.toNanos(180));

        long after = System.nanoTime();
        List<SignBatchResult> one = service.protocolClient().signBatch(clientToken,
                new SignBatchRequest(batch.subList(0, 1))).results();
        assertThat(one).singleElement().matches(SignBatchResult::isSigned);
        assertThat(service.http.get("/api/v1/version", null).status()).isEqualTo(200);
        assertThat(System.nanoTime() - after).as("answering after the flood").isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    /** The route's body limit, as served. */
    private static int maxBody() {
        return service.service.routes().stream().filter(r -> r.pattern().equals(BATCH)).findFirst().orElseThrow().maxBody();
    }

    /** A batch of the items written as JSON text, so they can hold escapes no Java string serialises. */
    private static Http.Answer batch(String items) {
        return send.json("POST", BATCH, clientToken, "{\"items\":[" + items + "]}");
    }

    private static String good() {
        return itemWith("", "");
    }

    /** A valid item whose {@code field} holds {@code value} (raw JSON string content) instead. */
    private static String itemWith(String field, String value) {
        StringBuilder context = new StringBuilder();
        for (String name : List.of("fileName", "fileSha256", "format", "note")) {
            context.append(context.length() == 0 ? "" : ",").append('"').append(name).append("\":\"")
                    .append(field.equals("context." + name) ? value : name).append('"');
        }
        return "{\"sha1\":\"" + (field.equals("sha1") ? value : ecSha1) + "\",\"algorithm\":\""
                + (field.equals("algorithm") ? value : "ECDSA_SHA256") + "\",\"data\":\""
                + (field.equals("data") ? value : DIGEST) + "\",\"context\":{" + context + "}}";
    }

    /** A well-formed batch body of at least {@code bytes} bytes: one item with a long note. */
    private static String oversize(int bytes) {
        String body = batchBody("");
        return batchBody("x".repeat(bytes - body.length()));
    }

    private static String batchBody(String note) {
        return "{\"items\":[{\"sha1\":\"" + ecSha1 + "\",\"algorithm\":\"ECDSA_SHA256\",\"data\":\"" + DIGEST
                + "\",\"context\":{\"note\":\"" + note + "\"}}]}";
    }
}
