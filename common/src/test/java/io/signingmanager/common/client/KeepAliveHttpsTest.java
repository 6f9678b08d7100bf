package io.signingmanager.common.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The keep-alive client against the JDK's own HTTP server (plain HTTP: TLS is the service's tests'
 * business): answers with a length and chunked, a refusal's body, many calls in a row, and a
 * server that restarted between two calls (the kept connection dead: the call goes on a new one).
 */
class KeepAliveHttpsTest {

    private HttpServer server(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            if (path.endsWith("/slow")) {
                sleep(2_000);
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String query = exchange.getRequestURI().getRawQuery();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            byte[] answer = (exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + " " + auth + " "
                    + type + " " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            int status = path.endsWith("/refused") ? 403 : 200;
            // "chunked": no length, so the server sends the body in chunks
            exchange.sendResponseHeaders(status, path.endsWith("/chunked") ? 0 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static KeepAliveHttps.Answer post(KeepAliveHttps client, String path, String bearer, String body) throws IOException {
        return client.call(KeepAliveHttps.Method.POST, path, bearer, body.getBytes(StandardCharsets.UTF_8), KeepAliveHttps.TIMEOUT);
    }

    private static String text(KeepAliveHttps.Answer answer) {
        return new String(answer.body(), StandardCharsets.UTF_8);
    }

    @Test
    void readsAnswersOfEveryShapeOverOneConnection() throws IOException {
        HttpServer server = server(0);
        try {
            KeepAliveHttps client = new KeepAliveHttps(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/base/"),
                    TlsTrust.system());
            KeepAliveHttps.Answer plain = post(client, "sign", "token", "{}");
            assertThat(plain.status()).isEqualTo(200);
            assertThat(text(plain)).isEqualTo("POST /base/sign Bearer token application/json {}");
            assertThat(text(post(client, "chunked", null, "[1]"))).isEqualTo("POST /base/chunked null application/json [1]");
            KeepAliveHttps.Answer refused = post(client, "refused", "t", "");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(text(refused)).isEqualTo("POST /base/refused Bearer t application/json ");
            // A GET has no body and no content type; its query is sent as given.
            assertThat(text(client.get("items/a%20b?start=1&end=2", "token")))
                    .isEqualTo("GET /base/items/a%20b?start=1&end=2 Bearer token null ");
            for (int i = 0; i < 20; i++) {
                assertThat(post(client, "sign", "token", "").status()).isEqualTo(200);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerRestartedBetweenTwoCallsIsReachedOnANewConnection() throws IOException {
        HttpServer server = server(0);
        int port = server.getAddress().getPort();
        KeepAliveHttps client = new KeepAliveHttps(URI.create("http://127.0.0.1:" + port + "/"), TlsTrust.system());
        try {
            assertThat(post(client, "sign", "token", "").status()).isEqualTo(200);
            server.stop(0);
            server = server(port);
            assertThat(text(post(client, "sign", "token", "again"))).isEqualTo("POST /sign Bearer token application/json again");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aCallWaitsForItsAnswerNoLongerThanItsTimeout() throws IOException {
        HttpServer server = server(0);
        try {
            KeepAliveHttps client = new KeepAliveHttps(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                    TlsTrust.system());
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.call(KeepAliveHttps.Method.POST, "slow", null, new byte[0], Duration.ofMillis(300)))
                    .isInstanceOf(SocketTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_800));
            // A longer timeout waits the answer out, on a new connection (the one that timed out is closed).
            assertThat(client.call(KeepAliveHttps.Method.POST, "slow", null, new byte[0], Duration.ofSeconds(10)).status())
                    .isEqualTo(200);
        } finally {
            server.stop(0);
        }
    }
}
