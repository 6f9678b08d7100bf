package io.signingmanager.common.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * Blocking HTTP/1.1 calls on keep-alive connections: every call of the client protocol. The JDK
 * {@code HttpClient} hands every exchange to its selector thread and back through futures, about
 * 0.3 ms of CPU per call on a two-core machine, and costs a short command (one {@code signing-manager
 * sign}) its classes and a TLS handshake of its own beside the signatures' connection; here the
 * calling thread writes the request and reads the answer itself. Each call takes an idle connection
 * or opens one (so calls in parallel never share one) and gives it back once the answer is read in full.
 * <p>
 * TLS is the caller's {@link TlsTrust}, with the host name checked as {@code HttpClient} checks it
 * (a pinned certificate replaces the check). No proxy: the service is reached directly.
 */
final class KeepAliveHttps {
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    /** How long a call waits for its answer unless it says otherwise. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_IDLE = 4;
    private static final int MAX_BODY = 16 << 20;
    // The service closes a connection idle for 30 s; one idle this long is not reused.
    private static final long IDLE_LIMIT_NANOS = 20_000_000_000L;

    /** An answer: its status and body. */
    record Answer(int status, byte[] body) {
    }

    /** The methods the client protocol uses. */
    enum Method {
        GET, POST
    }

    /** No byte of an answer came on a connection that was already used: it may be sent again on a new one. */
    private static final class Stale extends IOException {
        Stale(IOException cause) {
            super(cause);
        }
    }

    private final URI baseUrl;
    private final SSLSocketFactory tls; // null for http://
    private final String host;
    private final int port;
    private final Deque<Connection> idle = new ArrayDeque<>(); // guarded by itself

    KeepAliveHttps(URI baseUrl, TlsTrust trust) {
        this.baseUrl = baseUrl;
        boolean secure = "https".equalsIgnoreCase(baseUrl.getScheme());
        this.tls = secure ? trust.sslContext().getSocketFactory() : null;
        this.host = baseUrl.getHost();
        this.port = baseUrl.getPort() >= 0 ? baseUrl.getPort() : secure ? 443 : 80;
    }

    /** GETs {@code path} (relative to the base URL, with its query if any), as {@link #call} does. */
    Answer get(String path, String bearer) throws IOException {
        return call(Method.GET, path, bearer, null, TIMEOUT);
    }

    /**
     * Sends one request ({@code body} as JSON, or none when {@code null}) to {@code path} (relative to
     * the base URL) and reads its answer, waiting at most {@code timeout} for each read. A connection
     * that was idle and turns out closed before any byte of the answer (the service restarted, or closed
     * it as idle) is dropped and the request sent once more on a new one: as a browser does, and at
     * worst the service signs twice, each signature audited.
     */
    Answer call(Method method, String path, String bearer, byte[] body, Duration timeout) throws IOException {
        URI target = baseUrl.resolve(path);
        String rawTarget = target.getRawQuery() == null ? target.getRawPath() : target.getRawPath() + "?" + target.getRawQuery();
        byte[] request = request(method, rawTarget, bearer, body);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Connection connection = takeIdle();
        if (connection != null) {
            try {
                return exchange(connection, request, timeoutMs);
            } catch (Stale stale) {
                // closed by exchange; a new connection follows
            }
        }
        try {
            return exchange(open(), request, timeoutMs);
        } catch (Stale stale) {
            throw (IOException) stale.getCause();
        }
    }

    private Answer exchange(Connection connection, byte[] request, int timeoutMs) throws IOException {
        boolean keep = false;
        try {
            Answer answer = connection.exchange(request, timeoutMs);
            keep = connection.reusable;
            return answer;
        } finally {
            if (keep) {
                giveBack(connection);
            } else {
                connection.close();
            }
        }
    }

    private byte[] request(Method method, String rawTarget, String bearer, byte[] body) {
        StringBuilder head = new StringBuilder(256).append(method.name()).append(' ').append(rawTarget)
                .append(" HTTP/1.1\r\nHost: ").append(baseUrl.getRawAuthority()).append("\r\nAccept: application/json\r\n");
        if (bearer != null) {
            head.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        int bodyLength = body == null ? 0 : body.length;
        byte[] request = new byte[headBytes.length + bodyLength];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        if (body != null) {
            System.arraycopy(body, 0, request, headBytes.length, bodyLength);
        }
        return request;
    }

    private Connection takeIdle() {
        long now = System.nanoTime();
        while (true) {
            Connection connection;
            synchronized (idle) {
                connection = idle.pollLast();
            }
            if (connection == null) {
                return null;
            }
            if (now - connection.idleSince < IDLE_LIMIT_NANOS) {
                return connection;
            }
            connection.close();
        }
    }

    private void giveBack(Connection connection) {
        connection.idleSince = System.nanoTime();
        synchronized (idle) {
            if (idle.size() < MAX_IDLE) {
                idle.addLast(connection);
                return;
            }
        }
        connection.close();
    }

    private Connection open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            socket.setSoTimeout(CONNECT_TIMEOUT_MS); // the handshake's; each call sets its own
            socket.setTcpNoDelay(true);
            if (tls != null) {
                SSLSocket secure = (SSLSocket) tls.createSocket(socket, host, port, true);
                socket = secure;
                SSLParameters parameters = secure.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secure.setSSLParameters(parameters);
                secure.startHandshake();
            }
            return new Connection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** One connection; used by one call at a time. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private boolean used;
        private boolean reusable;
        private long idleSince;

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        Answer exchange(byte[] request, int timeoutMs) throws IOException {
            boolean reused = used;
            used = true;
            reusable = false;
            String status;
            try {
                socket.setSoTimeout(timeoutMs);
                out.write(request);
                out.flush();
                status = line();
            } catch (IOException e) {
                if (reused && !(e instanceof SocketTimeoutException)) {
                    throw new Stale(e);
                }
                throw e;
            }
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("Not an HTTP/1.1 answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "connection" -> close = value.contains("close");
                    default -> { }
                }
            }
            byte[] body;
            if (chunked) {
                body = chunkedBody();
            } else if (length >= 0) {
                body = exactly(length);
            } else {
                body = in.readNBytes(MAX_BODY); // the answer ends with the connection
                close = true;
            }
            reusable = !close;
            return new Answer(code, body);
        }

        private byte[] chunkedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (long size = chunkSize(); size > 0; size = chunkSize()) {
                if (body.size() + size > MAX_BODY) {
                    throw new IOException("The answer is larger than " + MAX_BODY + " bytes");
                }
                body.write(exactly(size));
                line();
            }
            for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                // trailers are not used
            }
            return body.toByteArray();
        }

        private long chunkSize() throws IOException {
            String size = line();
            int extension = size.indexOf(';');
            return Long.parseLong((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        }

        private byte[] exactly(long length) throws IOException {
            if (length > MAX_BODY) {
                throw new IOException("The answer is larger than " + MAX_BODY + " bytes");
            }
            byte[] body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("The connection closed in the middle of an answer");
            }
            return body;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("The connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
                if (line.length() > 8192) {
                    throw new IOException("A line of the answer is too long");
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection nobody uses any more
            }
        }
    }
}
