package io.signingmanager.manager.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A local tool's side of the agent protocol, as the PKCS#11 module speaks it. */
final class AgentClient implements AutoCloseable {
    private final SocketChannel channel;
    private final BufferedReader in;
    private final OutputStream out;

    AgentClient(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        out = Channels.newOutputStream(channel);
    }

    /** Sends one request line and answers the first line of the answer. */
    String ask(String request) throws IOException {
        send(request + "\n");
        return next();
    }

    /** Sends text as it is: part of a line, or more than one. */
    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The next answer line, as one the agent sends before any request when it refuses the connection. */
    String next() throws IOException {
        return in.readLine();
    }

    /** The lines of a LIST answer after {@code OK <n>}, up to {@code END}. */
    List<String> list() throws IOException {
        String first = ask("LIST");
        if (!first.startsWith("OK ")) {
            throw new AssertionError("LIST answered " + first);
        }
        List<String> lines = new ArrayList<>();
        for (String line = in.readLine(); !"END".equals(line); line = in.readLine()) {
            lines.add(line);
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
