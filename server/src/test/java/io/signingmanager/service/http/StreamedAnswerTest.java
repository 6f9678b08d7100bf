package io.signingmanager.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A streamed answer ({@link ApiResponse#stream}) goes out as its writer produces it, with no length
 * announced, and one whose writer fails half-way ends as a broken transfer, never as a complete-looking
 * shorter body.
 */
class StreamedAnswerTest {
    private static final int CHUNK = 10_000;
    private static final int CHUNKS = 300;
    private static Server server;
    private static URI base;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        Router router = new Router()
                .get("/whole", Access.PUBLIC, request -> ApiResponse.stream(200, "text/plain", out -> {
                    for (int i = 0; i < CHUNKS; i++) {
                        out.write(chunk(i));
                    }
                }))
                .get("/broken", Access.PUBLIC, request -> ApiResponse.stream(200, "text/plain", out -> {
                    for (int i = 0; i < CHUNKS / 2; i++) {
                        out.write(chunk(i));
                    }
                    throw new IOException("the database went away");
                }));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new RouteHandler(router, request -> null, new JsonDialect(), TrustedProxies.NONE,
                (request, refusal) -> { }));
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void aStreamedAnswerArrivesWholeWithoutALengthAnnouncedBefore() throws Exception {
        HttpResponse<byte[]> answer = CLIENT.send(HttpRequest.newBuilder(base.resolve("/whole")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Length")).isEmpty();
        assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        byte[] body = answer.body();
        assertThat(body).hasSize(CHUNK * CHUNKS);
        for (int i = 0; i < CHUNKS; i++) {
            assertThat(Arrays.copyOfRange(body, i * CHUNK, (i + 1) * CHUNK)).isEqualTo(chunk(i));
        }
    }

    @Test
    void aWriterThatFailsHalfWayBreaksTheTransfer() {
        assertThatThrownBy(() -> CLIENT.send(HttpRequest.newBuilder(base.resolve("/broken")).build(),
                HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
    }

    private static byte[] chunk(int i) {
        byte[] chunk = new byte[CHUNK];
        Arrays.fill(chunk, (byte) ('a' + i % 26));
        return chunk;
    }
}
