package io.signingmanager.manager.agent;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/** Whether the process at the other end of a unix socket runs as the same user as this one. */
final class SameUser {
    private static final Path PROCESS = Path.of("/proc/self");

    private final String processUser;

    private SameUser(String processUser) {
        this.processUser = processUser;
    }

    /** The owner of this process: its effective uid where /proc tells it, else the user it started as. */
    static SameUser ofThisProcess() throws IOException {
        if (Files.exists(PROCESS)) {
            return new SameUser(Files.getOwner(PROCESS).getName());
        }
        return new SameUser(System.getProperty("user.name"));
    }

    /** The peer's user when it is not this process's user. */
    Optional<String> stranger(SocketChannel peer) throws IOException {
        UnixDomainPrincipal credentials = peer.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String peerUser = credentials.user().getName();
        return peerUser.equals(processUser) ? Optional.empty() : Optional.of(peerUser);
    }
}
