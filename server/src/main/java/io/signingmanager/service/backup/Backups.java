package io.signingmanager.service.backup;

import io.signingmanager.common.json.Json;
import io.signingmanager.service.storage.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Takes a backup of a running service: its database copied as of one moment ({@link Database#backupTo}),
 * the TLS identity of its data folder, the master key only when asked, in one archive encrypted under the
 * operator's passphrase ({@link AgeEncryption}). The unencrypted copies live in the data folder (owner-only)
 * for as long as the backup takes, and are deleted whatever happens.
 */
public final class Backups {
    private final Database database;
    private final Path dataFolder;
    private final Clock clock;

    public Backups(Database database, Path dataFolder, Clock clock) {
        this.database = database;
        this.dataFolder = dataFolder.toAbsolutePath();
        this.clock = clock;
    }

    /** Writes the encrypted backup to {@code out}. */
    public void write(OutputStream out, char[] passphrase, boolean includeMasterKey) throws IOException {
        Path archive = dataFolder.resolve(".backup-" + UUID.randomUUID() + ".zip");
        try {
            try (OutputStream zip = Files.newOutputStream(archive)) {
                writeArchive(zip, includeMasterKey);
            }
            try (InputStream in = Files.newInputStream(archive)) {
                AgeEncryption.encrypt(in, out, passphrase, AgeEncryption.WORK_FACTOR);
            }
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    /**
     * Writes the backup's archive unencrypted to {@code out}: for a caller that encrypts it itself (the command
     * line, through the data folder's socket) or writes it into the data folder.
     */
    public void writeArchive(OutputStream out, boolean includeMasterKey) throws IOException {
        Path copy = dataFolder.resolve(".backup-" + UUID.randomUUID() + ".h2.zip");
        try {
            database.backupTo(copy);
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
            zip.write(Json.mapper().writeValueAsBytes(new BackupManifest(BackupManifest.FORMAT, clock.instant(),
                    includeMasterKey)));
            // H2's copy arrives deflated and is inflated here: deflated again at the fastest level (the whole
            // archive, the other files are small), it comes out about as small in a fraction of the time
            // (docs/performance.md, "Backup and restore").
            zip.setLevel(Deflater.BEST_SPEED);
            zip.putNextEntry(new ZipEntry(BackupArchive.DATABASE.entry()));
            copyDatabase(copy, zip);
            for (BackupArchive file : new BackupArchive[] {BackupArchive.TLS_KEY, BackupArchive.TLS_CERTIFICATE,
                BackupArchive.LICENSE_ISSUER}) {
                addIfPresent(zip, file);
            }
            if (includeMasterKey) {
                addIfPresent(zip, BackupArchive.MASTER_KEY);
            }
            zip.finish();
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** The one file of H2's copy, its {@code .mv.db}. */
    private static void copyDatabase(Path h2Zip, OutputStream to) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(h2Zip))) {
            ZipEntry entry = in.getNextEntry();
            if (entry == null || !entry.getName().equals(BackupArchive.DATABASE.entry())) {
                throw new IOException("H2's copy of the database holds " + (entry == null ? "nothing" : entry.getName()));
            }
            in.transferTo(to);
        }
    }

    private void addIfPresent(ZipOutputStream zip, BackupArchive file) throws IOException {
        Path path = dataFolder.resolve(file.entry());
        if (Files.isRegularFile(path)) {
            zip.putNextEntry(new ZipEntry(file.entry()));
            Files.copy(path, zip);
        }
    }
}
