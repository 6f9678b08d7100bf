package io.signingmanager.common.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
            String path = exchange.getRequestURI().getPath();
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] answer = (path + " " + auth + " " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            int status = path.endsWith("/refused") ? 403 : 200;
            // "chunked": no length, so the server sends the body in chunks
            exchange.sendResponseHeaders(status, path.endsWith("/chunked") ? 0 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        return server;
    }

    @Test
    void readsAnswersOfEveryShapeOverOneConnection() throws IOException {
        HttpServer server = server(0);
        try {
            KeepAliveHttps client = new KeepAliveHttps(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/base/"),
                    TlsTrust.system());
            KeepAliveHttps.Answer plain = client.post("sign", "token", "{}".getBytes(StandardCharsets.UTF_8));
            assertThat(plain.status()).isEqualTo(200);
            assertThat(new String(plain.body(), StandardCharsets.UTF_8)).isEqualTo("/base/sign Bearer token {}");
            KeepAliveHttps.Answer chunked = client.post("chunked", null, "[1]".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(chunked.body(), StandardCharsets.UTF_8)).isEqualTo("/base/chunked null [1]");
            KeepAliveHttps.Answer refused = client.post("refused", "t", new byte[0]);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo("/base/refused Bearer t ");
            for (int i = 0; i < 20; i++) {
                assertThat(client.post("sign", "token", new byte[0]).status()).isEqualTo(200);
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
            assertThat(client.post("sign", "token", new byte[0]).status()).isEqualTo(200);
            server.stop(0);
            server = server(port);
            assertThat(client.post("sign", "token", "again".getBytes(StandardCharsets.UTF_8)).body())
                    .asString(StandardCharsets.UTF_8).isEqualTo("/sign Bearer token again");
        } finally {
            server.stop(0);
        }
    }
}
