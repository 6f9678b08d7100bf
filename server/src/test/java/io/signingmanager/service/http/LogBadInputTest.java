package io.signingmanager.service.http;

import static io.signingmanager.service.http.BadInputs.bad;

import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BadInputTest}'s corpus for the signing log's routes: proof and entry parameters missing, not numbers,
 * negative, past the log's size or beyond a long, with NUL bytes and surrogates; searches without exactly one
 * SHA-256 in hex (LIKE's wildcards among them); callers without a client token or with one that is unknown. Each is refused with a 4xx and writes nothing (the log's reads are not audited).
 */
class LogBadInputTest {
    private static final String INCLUSION = "/api/v1/log/proof/inclusion";
    private static final String CONSISTENCY = "/api/v1/log/proof/consistency";
    private static final String ENTRIES = "/api/v1/log/entries";
    private static final String SEARCH = "/api/v1/log/search";

    @RunningService
    private static TestService service;
    private static BadInputs send;
    private static String clientToken;

    @BeforeAll
    static void start() {
        send = new BadInputs(service);
        clientToken = service.registerClient(service.createApiKey("log bad input").get("key").asText(), "log-host")
                .get("clientToken").asText();
    }

    static Stream<Arguments> corpus() {
        List<Arguments> cases = new ArrayList<>();
        for (String query : List.of("", "?index=0", "?size=1", "?index=&size=", "?index=one&size=1", "?index=0&size=1.5",
                "?index=-1&size=1", "?index=0&size=0", "?index=0&size=-5", "?index=5&size=5",
                "?index=0&size=999999999", "?index=0&size=99999999999999999999", "?index=0x1&size=1",
                "?index=0%00&size=1", "?index=%ED%A0%80&size=1", "?index=+1&size=%201")) {
            cases.add(bad("inclusion" + query, () -> get(INCLUSION + query, clientToken), 400, "bad_request"));
        }
        for (String query : List.of("", "?from=1", "?to=1", "?from=0&to=1", "?from=2&to=1", "?from=1&to=999999999",
                "?from=-1&to=1", "?from=1&to=9223372036854775808", "?from=a&to=b", "?from=1%00&to=2")) {
            cases.add(bad("consistency" + query, () -> get(CONSISTENCY + query, clientToken), 400, "bad_request"));
        }
        for (String query : List.of("", "?start=0", "?start=1&end=1", "?start=2&end=1", "?start=-1&end=1",
                "?start=0&end=999999999", "?start=0&end=x", "?start=0%00&end=1")) {
            cases.add(bad("entries" + query, () -> get(ENTRIES + query, clientToken), 400, "bad_request"));
        }
        for (String query : List.of("", "?fileSha256=abc", "?fileSha256=" + "g".repeat(64), "?signatureSha256=%25%25",
                "?fileSha256=" + "a".repeat(64) + "&signatureSha256=" + "b".repeat(64), "?fileSha256=%25" + "a".repeat(63),
                "?fileSha256=" + "a".repeat(63) + "%00", "?signatureSha256=" + "a".repeat(65))) {
            cases.add(bad("search" + query, () -> get(SEARCH + query, clientToken), 400, "bad_request"));
        }
        for (String path : List.of("/api/v1/log/checkpoint", INCLUSION + "?index=0&size=1", CONSISTENCY + "?from=1&to=1",
                ENTRIES + "?start=0&end=1", SEARCH + "?fileSha256=" + "a".repeat(64))) {
            cases.add(bad(path + " without a token", () -> get(path, null), 401, "unauthenticated"));
            cases.add(bad(path + " with an unknown client token", () -> get(path, "smc_" + "x".repeat(40)), 401,
                    "unauthenticated"));
            cases.add(bad(path + " with a token of 5,000 characters", () -> get(path, "smc_" + "a".repeat(5000)), 401,
                    "unauthenticated"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputIsRefusedWithAnErrorAndWritesNothing(String name, Supplier<Http.Answer> call, int status, String code,
                                                      int auditRecords) {
        send.assertRefusedAndNothingWritten(name, call, status, code, auditRecords);
    }

    private static Http.Answer get(String path, String token) {
        return service.http.get(path, token);
    }
}
