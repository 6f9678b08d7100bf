package io.signingmanager.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Slow and greedy callers, bounded in count and time, on 127.0.0.1 (and 127.0.0.2 as somebody
 * else): bodies trickling in hold no thread and end at their deadline, headers trickling in hold no
 * thread either, and one address holds no more connections than its cap.
 */
class SlowClientTest {
    private static final int SLOW_BODIES = 200;
    private static final int SLOW_HEADERS = 50;
    private static final Duration TRICKLE = Duration.ofSeconds(2);

    @Test
    void bodiesTricklingInHoldNoThreadAndEndAtTheirDeadline() throws Exception {
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        List<SSLSocket> bodies = new ArrayList<>();
        List<SSLSocket> headers = new ArrayList<>();
        try (TestService service = TestService.start(config -> config.withConnectionsPerAddress(0))) {
            long firstRequest = System.nanoTime();
            for (int i = 0; i < SLOW_BODIES; i++) {
                bodies.add(open(service, "127.0.0.1", "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));
            }
            for (int i = 0; i < SLOW_HEADERS; i++) {
                headers.add(open(service, "127.0.0.1", "POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nX-Pad: "));
            }
            long lastRequest = System.nanoTime();
            // One byte per connection every 2 s, each resetting the idle timeout; stopped before the first
            // deadline, so that what ends the bodies is their deadline and no bytes of ours cross the answer.
            long stopTrickling = firstRequest + RouteHandler.BODY_DEADLINE.minusSeconds(2).toNanos();
            trickler.scheduleAtFixedRate(() -> {
                if (System.nanoTime() < stopTrickling) {
                    bodies.forEach(socket -> send(socket, " "));
                    headers.forEach(socket -> send(socket, "p"));
                }
            }, 0, TRICKLE.toMillis(), TimeUnit.MILLISECONDS);

            int held = 0;
            // Looked at between the trickler's bursts: during one, threads pass through the body reader for
            // a moment per byte, which is not holding them (one CI run caught 6 in passing).
            Thread.sleep(TRICKLE.toMillis() / 2);
            for (int i = 0; i < 3; i++) {
                Thread.sleep(TRICKLE.toMillis());
                held = Math.max(held, threadsInOurCode());
            }
            System.out.printf("%d slow bodies and %d slow headers: at most %d threads held in the service's code%n",
                    SLOW_BODIES, SLOW_HEADERS, held);
            long asked = System.nanoTime();
            Http.Answer version = service.http.get("/api/v1/version", null);
            Duration took = Duration.ofNanos(System.nanoTime() - asked);
            System.out.printf("/api/v1/version from a fresh client meanwhile: HTTP %d in %d ms%n", version.status(),
                    took.toMillis());

            assertThat(held).isLessThanOrEqualTo(2);
            assertThat(version.status()).isEqualTo(200);
            assertThat(took).isLessThan(Duration.ofSeconds(3));
            long answersDue = lastRequest + RouteHandler.BODY_DEADLINE.plusSeconds(8).toNanos();
            for (SSLSocket socket : bodies) {
                String answer = readUntilClosed(socket, answersDue);
                assertThat(answer).startsWith("HTTP/1.1 408 ").contains("\"error\":\"request_timeout\"");
            }
            System.out.printf("all %d slow bodies answered 408 by %d s after the last began%n", SLOW_BODIES,
                    Duration.ofNanos(System.nanoTime() - lastRequest).toSeconds());
        } finally {
            trickler.shutdownNow();
            closeAll(bodies);
            closeAll(headers);
        }
    }

    @Test
    void oneAddressHoldsNoMoreConnectionsThanItsCapWhileOthersAreServed() throws Exception {
        int cap = 8;
        List<SSLSocket> held = new ArrayList<>();
        try (TestService service = TestService.start(config -> config.withConnectionsPerAddress(cap))) {
            for (int i = 0; i < cap; i++) {
                held.add(open(service, "127.0.0.1", "GET /api/v1/version HTTP/1.1\r\nHost: local"));
            }

            assertThatThrownBy(() -> open(service, "127.0.0.1", "GET /api/v1/version HTTP/1.1\r\n").close())
                    .as("a connection past the cap is closed before TLS").isInstanceOf(IOException.class);
            assertThat(version(service, "127.0.0.2")).startsWith("HTTP/1.1 200 ");

            held.remove(0).close();
            String again = null;
            for (long until = System.nanoTime() + Duration.ofSeconds(10).toNanos(); again == null
                    && System.nanoTime() < until; ) {
                try {
                    again = version(service, "127.0.0.1");
                } catch (IOException stillFull) {
                    Thread.sleep(100);
                }
            }
            assertThat(again).as("a closed connection makes room").startsWith("HTTP/1.1 200 ");
        } finally {
            closeAll(held);
        }
    }

    /** A TLS connection from {@code from} that has sent {@code start} and stays open. */
    private static SSLSocket open(TestService service, String from, String start) throws IOException {
        SSLSocket socket = (SSLSocket) TlsTrust.pinned(service.service.tlsSha256()).sslContext().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), service.service.port(), InetAddress.getByName(from), 0);
        try {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static String version(TestService service, String from) throws IOException {
        try (SSLSocket socket = open(service, from, "GET /api/v1/version HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n")) {
            return readUntilClosed(socket, System.nanoTime() + Duration.ofSeconds(10).toNanos());
        }
    }

    private static void send(SSLSocket socket, String text) {
        try {
            socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            // Answered and closed: nothing more to send.
        }
    }

    private static String readUntilClosed(SSLSocket socket, long due) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (true) {
            int left = (int) TimeUnit.NANOSECONDS.toMillis(due - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("No complete answer in time; got: " + out.toString(StandardCharsets.UTF_8));
            }
            socket.setSoTimeout(left);
            int read = in.read(buffer);
            if (read < 0) {
                return out.toString(StandardCharsets.UTF_8);
            }
            out.write(buffer, 0, read);
        }
    }

    /** Threads of the service's pool busy in our code right now (a read blocked in a route, before). */
    private static int threadsInOurCode() {
        int count = 0;
        for (var thread : Thread.getAllStackTraces().entrySet()) {
            if (thread.getKey().getName().startsWith("signing-service") && List.of(thread.getValue()).stream()
                    .anyMatch(frame -> frame.getClassName().startsWith("io.signingmanager.service."))) {
                count++;
            }
        }
        return count;
    }

    private static void closeAll(List<SSLSocket> sockets) {
        for (SSLSocket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closed by the service already.
            }
        }
    }
}
