package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent refuses a process of another user. The socket is opened to everyone here, so that only
 * the peer's uid stands in the way; the other user is nobody (65534), through setpriv, running a
 * tiny Java client from source.
 */
class AgentPeerTest {
    private static final String CLIENT = """
            import java.net.*;
            import java.nio.*;
            import java.nio.channels.*;
            import java.nio.charset.StandardCharsets;

            public class PeerClient {
                public static void main(String[] args) throws Exception {
                    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(args[0]))) {
                        try {
                            channel.write(ByteBuffer.wrap("HELLO 1\\n".getBytes(StandardCharsets.UTF_8)));
                        } catch (java.io.IOException refusedBeforeTheRequest) {
                            // The agent may have answered and closed already; its answer is still to be read.
                        }
                        ByteBuffer answer = ByteBuffer.allocate(4096);
                        while (channel.read(answer) > 0 && answer.get(answer.position() - 1) != '\\n') {
                        }
                        System.out.print(new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8));
                    }
                }
            }
            """;

    private Path folder;
    private Agent agent;

    @AfterEach
    void stop() throws Exception {
        agent.close();
        Files.deleteIfExists(folder.resolve("PeerClient.java"));
        Files.deleteIfExists(folder);
    }

    @Test
    void aProcessOfAnotherUserIsRefusedAndOneOfThisUserServed() throws Exception {
        folder = Files.createTempDirectory("agent-peer");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path source = Files.writeString(folder.resolve("PeerClient.java"), CLIENT);
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rw-r--r--"));
        Path socket = folder.resolve("agent.sock");
        agent = Agent.start(new AgentSocket.Location(socket, false), AgentFixture.manager(AgentFixture.home(folder)));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));

        String stranger = run(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), source, socket);
        String owner = run(List.of(), source, socket);

        assertThat(stranger).startsWith("ERR forbidden ");
        assertThat(owner).isEqualTo("OK 1\n");
    }

    private static String run(List<String> as, Path source, Path socket) throws Exception {
        List<String> command = new ArrayList<>(as);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), source.toString(),
                socket.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
