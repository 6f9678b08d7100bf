package io.signingmanager.service.appstore;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answers no honest App Store Connect gives, from a server that says whatever a test tells it: each is
 * refused in words as {@code app_store_connect} (502) and the client holds nothing it should not.
 */
class AppleAnswersTest {
    private static final String PATH = "/api/v1/admin/apple/connect-keys";

    /** What the server answers next: status, content type and body. */
    private record Answer(int status, String type, byte[] body) {
    }

    private static HttpServer apple;
    private static final AtomicReference<Answer> next = new AtomicReference<>();
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();
    private static TestService service;
    private static String keyId;

    @BeforeAll
    static void start() throws IOException {
        apple = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        apple.createContext("/", AppleAnswersTest::answer);
        apple.start();
        service = TestService.start(config -> config.withAppStoreConnectUrl(
                URI.create("http://127.0.0.1:" + apple.getAddress().getPort())));
        keyId = expect(service.http.post(PATH, service.adminToken(), ConnectKeyApiTest.input("Answers key",
                ConnectKeyApiTest.ISSUER, "ANSWERS001", ConnectKeyApiTest.p8())), 201).json().get("id").asText();
    }

    @AfterAll
    static void stop() {
        service.close();
        apple.stop(0);
    }

    @Test
    void anAnswerOver32MegabytesIsRefusedWithoutHoldingIt() {
        byte[] huge = new byte[33 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');
        assertRefused(new Answer(200, "application/json", huge), "larger than 32 MB");
    }

    @Test
    void aNextPageOnAnotherHostGetsNoToken() {
        authorizations.clear();
        assertRefused(json(200, "{\"data\":[],\"links\":{\"self\":\"x\",\"next\":\"https://elsewhere.example/v1/bundleIds?cursor=2\"}}"),
                "next page", "is on another host");
        assertThat(authorizations).as("only the first page was asked for").hasSize(1);
    }

    @Test
    void anAnswerThatIsNotJsonIsSaidInWords() {
        assertRefused(new Answer(200, "text/html", "<html>proxy login</html>".getBytes(StandardCharsets.UTF_8)),
                "is not JSON (HTTP 200)");
    }

    @Test
    void applesOwnErrorsAreQuoted() {
        assertRefused(json(500, "{\"errors\":[{\"status\":\"500\",\"code\":\"UNEXPECTED_ERROR\",\"title\":\"x\","
                + "\"detail\":\"An unexpected error occurred on the server side.\"}]}"),
                "refused to list the bundle IDs (HTTP 500, UNEXPECTED_ERROR: An unexpected error occurred");
        assertRefused(new Answer(503, "text/html", "<h1>Down</h1>".getBytes(StandardCharsets.UTF_8)), "(HTTP 503)");
        assertRefused(json(429, "{\"errors\":[{\"status\":\"429\",\"code\":\"RATE_LIMIT_EXCEEDED\",\"title\":\"t\","
                + "\"detail\":\"The request rate limit has been reached.\\u001b[31m\"}]}"), "RATE_LIMIT_EXCEEDED",
                "\\u001b");
    }

    @Test
    void everyRequestCarriesABearerToken() {
        authorizations.clear();
        next.set(json(200, "{\"data\":[],\"links\":{\"self\":\"x\"}}"));
        assertThat(expect(service.http.get(PATH + "/" + keyId + "/bundle-ids", service.adminToken()), 200).json())
                .isEmpty();
        assertThat(authorizations).singleElement().asString().matches("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    private static void assertRefused(Answer answer, String... words) {
        next.set(answer);
        Http.Answer refused = service.http.get(PATH + "/" + keyId + "/bundle-ids", service.adminToken());
        assertThat(refused.status()).as(refused.text()).isEqualTo(502);
        assertThat(refused.json().get("error").asText()).isEqualTo("app_store_connect");
        assertThat(refused.json().get("message").asText()).contains(words);
    }

    private static Answer json(int status, String body) {
        return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            Answer answer = next.get();
            exchange.getResponseHeaders().set("Content-Type", answer.type());
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            } catch (IOException e) {
                // The client stopped reading: what the size test wants.
            }
        }
    }
}
