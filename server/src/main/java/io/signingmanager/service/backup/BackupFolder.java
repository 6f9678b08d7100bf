package io.signingmanager.service.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The folder scheduled backups go to: each backup written under a temporary name and renamed when whole
 * ({@code signing-service-backup-20261205T153000Z.age}, {@code -2} and on for a second one in the same
 * second), the oldest beyond the number to keep deleted after a good one. Only files of that name are ever
 * deleted: the folder may hold other things.
 */
final class BackupFolder {
    private static final String PREFIX = "signing-service-backup-";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d{8}T\\d{6}Z)(?:-(\\d{1,6}))?\\.age");

    private final Path folder;

    BackupFolder(Path folder) {
        this.folder = folder;
    }

    /**
     * Why the service cannot keep backups in {@code folder}, or {@code null}: it must be an absolute path to
     * a folder the service can write, and not the data folder or inside it (lost with it).
     */
    static String unusable(String folder, Path dataFolder) {
        Path path;
        try {
            path = Path.of(folder);
        } catch (RuntimeException e) {
            return "'" + folder + "' is not a path on this machine.";
        }
        if (!path.isAbsolute()) {
            return "Give the folder as an absolute path, such as /var/backups/signing-service.";
        }
        if (!Files.isDirectory(path)) {
            return "There is no folder " + folder + " on the service's machine; create it first, writable by the service.";
        }
        try {
            if (path.toRealPath().startsWith(dataFolder.toRealPath())) {
                return "The folder is in the service's data folder, so a backup there is lost with it; choose another.";
            }
            Files.delete(Files.createTempFile(path, ".signing-service-check-", ".tmp"));
        } catch (IOException e) {
            return "The service cannot write in " + folder + " (" + e.getMessage() + ").";
        }
        return null;
    }

    /** The name of a backup taken at {@code at}, as the schedule names them and a download is offered. */
    static String fileName(Instant at) {
        return PREFIX + STAMP.format(at) + ".age";
    }

    /** Writes a new backup file, whole or not at all; answers its path. */
    Path write(Instant at, BackupService.Content content) throws IOException {
        Path partial = folder.resolve("." + PREFIX + UUID.randomUUID() + ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                content.writeTo(out);
            }
            Path target = freeName(at);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Deletes the oldest backups of this name beyond the newest {@code keep}; answers how many went. */
    int prune(int keep) throws IOException {
        List<Backup> backups = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*.age")) {
            for (Path file : files) {
                Matcher name = NAME.matcher(file.getFileName().toString());
                if (name.matches() && Files.isRegularFile(file)) {
                    backups.add(new Backup(file, name.group(1), name.group(2) == null ? 1 : Integer.parseInt(name.group(2))));
                }
            }
        }
        backups.sort(Comparator.comparing(Backup::stamp).thenComparingInt(Backup::sequence).reversed());
        int deleted = 0;
        for (Backup old : backups.subList(Math.min(keep, backups.size()), backups.size())) {
            Files.deleteIfExists(old.file());
            deleted++;
        }
        return deleted;
    }

    private Path freeName(Instant at) {
        Path candidate = folder.resolve(fileName(at));
        for (int sequence = 2; Files.exists(candidate); sequence++) {
            candidate = folder.resolve(PREFIX + STAMP.format(at) + "-" + sequence + ".age");
        }
        return candidate;
    }

    private record Backup(Path file, String stamp, int sequence) {
    }
}
