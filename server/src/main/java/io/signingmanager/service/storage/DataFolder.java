package io.signingmanager.service.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The service's data folder, held for as long as the service runs: readable by its owner alone,
 * refused when others may write it (they could swap the master key or the database under the
 * service), and used by one service at a time (a lock file, taken before anything in it is opened).
 *
 * <p>The service makes its own files owner-only ({@link OwnerOnlyFiles}), but H2 creates its files
 * with the process's umask, often 0644: so the folder itself is made owner-only when the service owns
 * it, and {@link #tighten()} takes group and other bits off every file in it.
 */
public final class DataFolder implements AutoCloseable {
    static final String LOCK_FILE = "service.lock";
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path folder;
    private final FileChannel lockFile;
    private final FileLock lock;

    private DataFolder(Path folder, FileChannel lockFile, FileLock lock) {
        this.folder = folder;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /**
     * Creates the folder owner-only if missing, checks it, makes it and what it holds owner-only, and
     * takes its lock. Fails in one sentence: others may write it, another service holds it, or it
     * cannot be used at all.
     */
    public static DataFolder claim(Path folder) {
        Path absolute = folder.toAbsolutePath();
        try {
            OwnerOnlyFiles.createFolder(absolute);
            if (posix()) {
                refuseWritableByOthers(absolute);
            }
            FileChannel channel = lockChannel(absolute.resolve(LOCK_FILE));
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new StorageException("Another Signing Service is using the data folder " + absolute
                        + " (it holds " + LOCK_FILE + "); stop it first, or give this one its own --data folder");
            }
            DataFolder claimed = new DataFolder(absolute, channel, lock);
            try {
                claimed.tighten();
            } catch (IOException e) {
                claimed.close();
                throw e;
            }
            return claimed;
        } catch (IOException e) {
            throw new StorageException("The data folder " + absolute + " cannot be used: " + e, e);
        }
    }

    public Path path() {
        return folder;
    }

    /** Takes group and other permissions off the folder (when the service owns it) and every file in it. */
    public void tighten() throws IOException {
        if (!posix()) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.filter(path -> !Files.isSymbolicLink(path)).toList();
        }
        String me = System.getProperty("user.name");
        for (Path path : paths) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
            boolean mine = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName().equals(me);
            if (mine && permissions.removeAll(GROUP_AND_OTHERS)) {
                Files.setPosixFilePermissions(path, permissions);
            }
        }
    }

    private static void refuseWritableByOthers(Path folder) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder);
        boolean group = permissions.contains(PosixFilePermission.GROUP_WRITE);
        boolean others = permissions.contains(PosixFilePermission.OTHERS_WRITE);
        if (group || others) {
            throw new StorageException("The data folder " + folder + " can be written by "
                    + (group && others ? "its group and all users" : group ? "its group" : "all users")
                    + " (" + PosixFilePermissions.toString(permissions) + "), who could replace its keys or "
                    + "database; make it writable by its owner alone (chmod 700 " + folder + ")");
        }
    }

    private static FileChannel lockChannel(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                OwnerOnlyFiles.write(file, new byte[0]);
            } catch (FileAlreadyExistsException e) {
                // Made by another service starting at the same moment: the lock decides.
            }
        }
        return FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    }

    /** {@code null} when another process holds it, or this one (a second service started in the same JVM). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** Lets the next service have the folder; the lock file stays (removing it would race the next one's lock). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockFile.close();
        }
    }
}
