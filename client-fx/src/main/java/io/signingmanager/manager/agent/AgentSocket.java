package io.signingmanager.manager.agent;

import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** The agent's owner-only unix socket: where it is, and binding it without stealing a live agent's. */
public final class AgentSocket {
    public static final String SOCKET_VARIABLE = "SIGNING_MANAGER_AGENT_SOCKET";

    /** The socket is taken by an agent that answers. */
    public static final class TakenException extends IOException {
        TakenException(Path socket) {
            super("Another Signing Manager agent is already listening on " + socket
                    + "; stop it first, or set " + SOCKET_VARIABLE + " to another path.");
        }
    }

    private AgentSocket() {
    }

    /** Where the agent listens; {@code ownFolder}: the folder is the Signing Manager's, made owner-only whatever it was. */
    public record Location(Path socket, boolean ownFolder) {
        /** {@code $SIGNING_MANAGER_AGENT_SOCKET} when set, else {@code agent.sock} in the runtime folder. */
        public static Location of(Map<String, String> env, ManagerHome home) {
            String socket = env.get(SOCKET_VARIABLE);
            return socket == null || socket.isBlank() ? new Location(home.agentSocket(), true)
                    : new Location(Path.of(socket).toAbsolutePath(), false);
        }
    }

    /**
     * Listens on the socket: its folder made 0700 when created here or when it is the Signing
     * Manager's own, the socket 0600. A socket file nobody answers on is left over from a dead
     * agent and replaced.
     */
    static ServerSocketChannel bind(Location location) throws IOException {
        Path socket = location.socket();
        Path folder = socket.getParent();
        if (location.ownFolder() || Files.notExists(folder)) {
            OwnerOnly.createFolder(folder);
        }
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(socket);
        if (Files.exists(socket)) {
            if (answers(address)) {
                throw new TakenException(socket);
            }
            Files.delete(socket);
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(address);
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            return server;
        } catch (IOException e) {
            server.close();
            throw e;
        }
    }

    private static boolean answers(UnixDomainSocketAddress address) {
        try (SocketChannel probe = SocketChannel.open(address)) {
            return probe.isConnected();
        } catch (IOException refused) {
            return false;
        }
    }
}
