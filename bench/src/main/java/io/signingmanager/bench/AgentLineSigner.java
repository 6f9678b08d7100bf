package io.signingmanager.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * A {@code SIGN} line to the agent (docs/agent-protocol.md) on a fresh connection, as the module
 * sends it: the agent's part of the module's path, without JNI, SunPKCS11 and the module.
 */
final class AgentLineSigner {
    private static final HexFormat HEX = HexFormat.of();

    private final UnixDomainSocketAddress socket;
    private final String sha1;
    private final String algorithm;

    AgentLineSigner(Path socket, String sha1, String algorithm) {
        this.socket = UnixDomainSocketAddress.of(socket);
        this.sha1 = sha1;
        this.algorithm = algorithm;
    }

    byte[] sign(byte[] data) throws IOException {
        try (SocketChannel agent = SocketChannel.open(socket)) {
            agent.write(ByteBuffer.wrap(("SIGN " + sha1 + " " + algorithm + " " + HEX.formatHex(data) + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            String answer = readLine(agent);
            if (!answer.startsWith("OK ")) {
                throw new IOException("The agent answered " + answer);
            }
            return HEX.parseHex(answer.substring(3));
        }
    }

    private static String readLine(SocketChannel agent) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (agent.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte next = buffer.get();
                if (next == '\n') {
                    return line.toString(StandardCharsets.US_ASCII);
                }
                line.write(next);
            }
            buffer.clear();
        }
        throw new IOException("The agent closed the connection before answering");
    }
}
