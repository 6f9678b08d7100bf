package io.signingmanager.bench;

import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.common.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.net.ssl.SSLSocket;

/**
 * The load generator's side of {@code POST /api/v1/client/sign} (or {@code sign-batch}, or a {@code GET}): one blocking HTTP/1.1 keep-alive
 * connection over TLS, pinned like the real client. It is much lighter than the JDK {@code HttpClient}
 * (no selector thread, no futures), so on a two-core box the CPU goes to the service being measured,
 * as it would with the clients on other machines. Any answer but 200 stops the benchmark.
 */
final class KeepAliveSignClient implements AutoCloseable {
    // The service closes a connection idle for 30 s (SigningService.createServer), as it may while the
    // other phase runs; a connection idle this long is replaced before it is used, as HTTP clients do.
    private static final long IDLE_LIMIT_NANOS = 20_000_000_000L;

    private final URI service;
    private final TlsTrust trust;
    private final byte[] requestHead; // up to the Content-Length's value for a POST; the whole request for a GET
    private final boolean posting;
    private SSLSocket socket;
    private OutputStream out;
    private InputStream in;
    private long lastUsed;

    private KeepAliveSignClient(URI service, TlsTrust trust, String requestHead, boolean posting) throws IOException {
        this.service = service;
        this.trust = trust;
        this.requestHead = requestHead.getBytes(StandardCharsets.US_ASCII);
        this.posting = posting;
        connect();
    }

    /** A connection that posts to {@code path}, e.g. {@code /api/v1/client/sign}. */
    static KeepAliveSignClient posting(URI service, TlsTrust trust, String clientToken, String path) throws IOException {
        return new KeepAliveSignClient(service, trust, "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + service.getHost() + ":" + service.getPort() + "\r\n"
                + "Authorization: Bearer " + clientToken + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: ", true);
    }

    /** A connection that gets {@code path} without a token, e.g. {@code /api/v1/version}. */
    static KeepAliveSignClient getting(URI service, TlsTrust trust, String path) throws IOException {
        return new KeepAliveSignClient(service, trust, "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + service.getHost() + ":" + service.getPort() + "\r\n\r\n", false);
    }

    private void connect() throws IOException {
        socket = (SSLSocket) trust.sslContext().getSocketFactory().createSocket(service.getHost(), service.getPort());
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        out = socket.getOutputStream();
        in = new BufferedInputStream(socket.getInputStream());
        lastUsed = System.nanoTime();
    }

    /** Sends one request (a sign or a sign-batch body) and answers the response body. */
    byte[] post(Object request) throws IOException {
        if (!posting) {
            throw new IllegalStateException("A connection made for GET");
        }
        reconnectWhenIdle();
        byte[] body = Json.mapper().writeValueAsBytes(request);
        ByteArrayOutputStream message = new ByteArrayOutputStream(requestHead.length + body.length + 16);
        message.write(requestHead);
        message.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        message.write(body);
        message.writeTo(out);
        out.flush();
        byte[] answer = readResponse();
        lastUsed = System.nanoTime();
        return answer;
    }

    /** Sends the GET this connection was made for and answers the response body. */
    byte[] get() throws IOException {
        if (posting) {
            throw new IllegalStateException("A connection made for POST");
        }
        reconnectWhenIdle();
        out.write(requestHead);
        out.flush();
        byte[] answer = readResponse();
        lastUsed = System.nanoTime();
        return answer;
    }

    private void reconnectWhenIdle() throws IOException {
        if (System.nanoTime() - lastUsed > IDLE_LIMIT_NANOS) {
            socket.close();
            connect();
        }
    }

    private byte[] readResponse() throws IOException {
        String status = readLine();
        int length = -1;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring("content-length:".length()).trim());
            }
        }
        if (length < 0) {
            throw new IOException("The service answered without a Content-Length: " + status);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("The service closed the connection in the middle of an answer");
        }
        if (!status.startsWith("HTTP/1.1 200 ")) {
            throw new IOException("The service answered " + status + ": " + new String(body, StandardCharsets.UTF_8));
        }
        return body;
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("The service closed the connection");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
