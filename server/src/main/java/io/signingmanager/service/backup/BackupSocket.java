package io.signingmanager.service.backup;

import io.signingmanager.service.audit.Actor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code signing-service backup} asks the running service for its backup: a unix socket in the
 * owner-only data folder ({@value #FILE_NAME}), so whoever can connect can already read the data folder and
 * its master key. One request line, {@value #REQUEST} or {@value #REQUEST_WITH_KEY}; the answer is
 * {@code OK} and the unencrypted archive (the command encrypts it), or {@code ERR <reason>}. Each backup is
 * audited before its first byte goes out. One connection at a time: backups are rare.
 */
public final class BackupSocket implements AutoCloseable {
    public static final String FILE_NAME = "backup.sock";
    static final String REQUEST = "BACKUP";
    static final String REQUEST_WITH_KEY = "BACKUP WITH MASTER KEY";
    /** Who the audit names for a backup through the socket: someone with the data folder's owner's rights. */
    static final Actor LOCAL_OPERATOR = new Actor(null, "(data folder owner)", "local socket");
    private static final int MAX_REQUEST = 64;
    private static final Logger LOG = LoggerFactory.getLogger(BackupSocket.class);

    private final ServerSocketChannel server;
    private final Path path;
    private final BackupService backups;
    private final Thread acceptor;

    private BackupSocket(ServerSocketChannel server, Path path, BackupService backups) {
        this.server = server;
        this.path = path;
        this.backups = backups;
        this.acceptor = new Thread(this::serve, "backup-socket");
        acceptor.setDaemon(true);
    }

    /** Listens in the data folder (a file left by a service that did not stop cleanly is replaced: the folder is ours). */
    public static BackupSocket open(Path dataFolder, BackupService backups) throws IOException {
        Path path = dataFolder.toAbsolutePath().resolve(FILE_NAME);
        Files.deleteIfExists(path);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            // The folder is owner-only already; the socket is made so too, as every file in it.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
        BackupSocket socket = new BackupSocket(server, path, backups);
        socket.acceptor.start();
        return socket;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                answer(connection);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.warn("A backup through {} failed", path, e);
            }
        }
    }

    private void answer(SocketChannel connection) throws IOException {
        String request = requestLine(connection);
        OutputStream out = Channels.newOutputStream(connection);
        boolean withKey = request.equals(REQUEST_WITH_KEY);
        if (!withKey && !request.equals(REQUEST)) {
            out.write(("ERR unknown request; ask " + REQUEST + " or " + REQUEST_WITH_KEY + "\n").getBytes(StandardCharsets.US_ASCII));
            return;
        }
        backups.forCommandLine(withKey, out, socket -> socket.write("OK\n".getBytes(StandardCharsets.US_ASCII)));
        out.flush();
    }

    private static String requestLine(SocketChannel connection) throws IOException {
        ByteBuffer line = ByteBuffer.allocate(MAX_REQUEST);
        ByteBuffer one = ByteBuffer.allocate(1);
        while (line.hasRemaining()) {
            one.clear();
            if (connection.read(one) < 0) {
                break;
            }
            if (one.get(0) == '\n') {
                return new String(line.array(), 0, line.position(), StandardCharsets.US_ASCII);
            }
            line.put(one.get(0));
        }
        return "";
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
