package io.signingmanager.bench;

import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.client.TlsTrust;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Signing Service as a process of its own, started the way the README runs it ({@code java [flags] -jar
 * signing-service.jar --port N --data DIR}), with the time from the process's start to its first answer
 * to {@code GET /api/v1/version} and the CPU it had spent by then (JIT and GC threads included).
 */
final class ServiceProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on https://127\\.0\\.0\\.1:(\\d+) "
            + ".*TLS certificate SHA-256 ([0-9A-F:]+)");
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Duration START_LIMIT = Duration.ofMinutes(2);

    private final Process process;
    private final URI uri;
    private final String tlsSha256;
    private final Duration toFirstAnswer;
    private final Duration cpuAtFirstAnswer;

    private ServiceProcess(Process process, URI uri, String tlsSha256, Duration toFirstAnswer, Duration cpu) {
        this.process = process;
        this.uri = uri;
        this.tlsSha256 = tlsSha256;
        this.toFirstAnswer = toFirstAnswer;
        this.cpuAtFirstAnswer = cpu;
    }

    /**
     * Starts {@code java} (the command up to and including the jar) on {@code data} and {@code port}, and
     * answers once the service has answered. {@code tlsSha256}: the certificate to pin, known from an earlier
     * start on the same data folder, so the polling starts with the process; {@code null} on a new folder,
     * where the start log tells it (and the polling starts at that line, just before the port opens).
     */
    static ServiceProcess start(List<String> java, Path data, int port, String tlsSha256) throws Exception {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("--port", String.valueOf(port), "--host", "127.0.0.1", "--data", data.toString()));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            StringBuffer log = new StringBuffer();
            CompletableFuture<String> listening = drain(process, log);
            String pin = tlsSha256 != null ? tlsSha256 : listening.get(START_LIMIT.toSeconds(), TimeUnit.SECONDS);
            URI uri = URI.create("https://127.0.0.1:" + port + "/");
            SigningServiceClient client = new SigningServiceClient(uri, TlsTrust.pinned(pin));
            while (true) {
                try {
                    client.version();
                    break;
                } catch (SigningServiceException e) {
                    if (!process.isAlive() || System.nanoTime() - started > START_LIMIT.toNanos()) {
                        throw new IOException("The Signing Service did not answer (" + e.getMessage() + "); its log:\n"
                                + log, e);
                    }
                    Thread.sleep(POLL_NANOS / 1_000_000, (int) (POLL_NANOS % 1_000_000));
                }
            }
            Duration toAnswer = Duration.ofNanos(System.nanoTime() - started);
            Duration cpu = process.info().totalCpuDuration().orElse(Duration.ZERO);
            return new ServiceProcess(process, uri, pin, toAnswer, cpu);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /**
     * Reads the process's output into {@code log} (so it never blocks on a full pipe, and a failed start
     * says why); completes with the certificate's pin.
     */
    private static CompletableFuture<String> drain(Process process, StringBuffer log) {
        CompletableFuture<String> pin = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    log.append(line).append('\n');
                    Matcher listening = LISTENING.matcher(line);
                    if (listening.find()) {
                        pin.complete(listening.group(2).replace(":", ""));
                    }
                }
            } catch (IOException e) {
                pin.completeExceptionally(e);
            }
            pin.completeExceptionally(new IOException("The Signing Service ended without listening"));
        }, "service-output");
        reader.setDaemon(true);
        reader.start();
        return pin;
    }

    /** A loopback port free now, for a service process to listen on. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    URI uri() {
        return uri;
    }

    String tlsSha256() {
        return tlsSha256;
    }

    Duration toFirstAnswer() {
        return toFirstAnswer;
    }

    Duration cpuAtFirstAnswer() {
        return cpuAtFirstAnswer;
    }

    /** The CPU the process has spent so far, all its threads. */
    Duration cpu() {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** SIGTERM, as an operator stops it, and its end awaited. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
