package io.signingmanager.service.backup;

import io.signingmanager.common.json.Json;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.ChainCheck;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.OwnerOnlyFiles;
import io.signingmanager.service.storage.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Restores a backup into an empty data folder, or refuses in words and writes nothing there: the backup is
 * decrypted and unpacked beside the folder, the database opened, the master key checked against the sealed
 * signing-log key, and the audit verified; only then does the staged folder become the data folder. A
 * master key given rather than carried by the backup is not written: the service is started with it
 * ({@code SIGNING_SERVICE_MASTER_KEY}), as the backed-up one was. Scheduled backups are left off in the
 * restored folder (the report names the folder they went to).
 */
public final class Restore {
    /** The tables a restore counts for the operator, under the names it says them by. */
    private static final List<List<String>> COUNTED = List.of(List.of("certificates", "certificates"),
            List.of("api_keys", "API keys"), List.of("clients", "clients"), List.of("users", "users"));
    /** Verify each record against the retention it was written under, as the migration does. */
    private static final Duration EVERY_RECORD_OWN_RETENTION = Duration.ofDays(Integer.MAX_VALUE);

    private Restore() {
    }

    /**
     * Restores into {@code target}, which must not exist or be empty. {@code masterKey} is used when the
     * backup holds none (base64 of 32 bytes, as {@code SIGNING_SERVICE_MASTER_KEY}).
     */
    public static RestoreReport into(InputStream backup, char[] passphrase, Path target, Optional<byte[]> masterKey)
            throws IOException, BackupRefused {
        Path folder = target.toAbsolutePath();
        refuseUsed(folder);
        Path staged = folder.resolveSibling("." + folder.getFileName() + ".restoring-" + UUID.randomUUID());
        try {
            OwnerOnlyFiles.createFolder(staged);
            Path archive = staged.resolve("backup.zip");
            try (OutputStream out = Files.newOutputStream(archive)) {
                AgeEncryption.decrypt(backup, out, passphrase);
            }
            BackupManifest manifest = unpack(archive, staged);
            Files.delete(archive);
            byte[] key = key(staged, manifest, masterKey);
            RestoreReport report = check(staged, key, manifest);
            Files.deleteIfExists(folder);
            Files.move(staged, folder, StandardCopyOption.ATOMIC_MOVE);
            return report;
        } finally {
            delete(staged);
        }
    }

    private static void refuseUsed(Path folder) throws IOException, BackupRefused {
        if (Files.exists(folder) && (!Files.isDirectory(folder) || hasFiles(folder))) {
            throw new BackupRefused("The data folder " + folder + " is not empty: restore into a new, empty folder.");
        }
    }

    private static boolean hasFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isPresent();
        }
    }

    /** The archive's entries into the folder: the manifest first, only the files a backup holds, each once. */
    private static BackupManifest unpack(Path archive, Path folder) throws IOException, BackupRefused {
        BackupManifest manifest = null;
        Set<BackupArchive> seen = EnumSet.noneOf(BackupArchive.class);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (manifest == null) {
                    if (!entry.getName().equals(BackupManifest.ENTRY)) {
                        throw new BackupRefused("The backup does not start with its manifest: it is not one of ours.");
                    }
                    manifest = Json.mapper().readValue(zip.readNBytes(64 * 1024), BackupManifest.class);
                    if (manifest.format() != BackupManifest.FORMAT) {
                        throw new BackupRefused("The backup is of format " + manifest.format() + "; this version restores format "
                                + BackupManifest.FORMAT + ".");
                    }
                    continue;
                }
                String name = entry.getName();
                BackupArchive file = BackupArchive.of(name).orElseThrow(() -> new BackupRefused(
                        "The backup holds a file no backup of ours holds: " + name));
                if (!seen.add(file)) {
                    throw new BackupRefused("The backup holds " + file.entry() + " twice.");
                }
                Files.copy(zip, folder.resolve(file.entry()));
            }
        } catch (ZipException e) {
            throw new BackupRefused("The backup's archive is damaged: " + e.getMessage());
        }
        if (manifest == null || !seen.contains(BackupArchive.DATABASE)) {
            throw new BackupRefused("The backup holds no database.");
        }
        if (manifest.masterKey() != seen.contains(BackupArchive.MASTER_KEY)) {
            throw new BackupRefused("The backup's manifest and its files disagree about the master key.");
        }
        return manifest;
    }

    private static byte[] key(Path staged, BackupManifest manifest, Optional<byte[]> given) throws IOException, BackupRefused {
        if (manifest.masterKey()) {
            byte[] key = Files.readAllBytes(staged.resolve(MasterKey.FILE_NAME));
            if (key.length != 32) {
                throw new BackupRefused("The backup's master key is not 32 bytes.");
            }
            return key;
        }
        return given.orElseThrow(() -> new BackupRefused("The backup holds no master key (it was taken without "
                + "--include-master-key): give the data folder's master key in SIGNING_SERVICE_MASTER_KEY."));
    }

    private static RestoreReport check(Path staged, byte[] key, BackupManifest manifest) throws BackupRefused {
        try (Database database = Database.openH2(staged)) {
            AuditLog audit = new AuditLog(database, Clock.systemUTC(), () -> EVERY_RECORD_OWN_RETENTION);
            try {
                audit.open(new SecretBox(key));
            } catch (RuntimeException e) {
                throw new BackupRefused("The master key does not open this backup's sealed keys: it is not the key of the "
                        + "data folder the backup was taken from.");
            }
            ChainCheck chain = audit.verify();
            if (!chain.valid()) {
                throw new BackupRefused("The backup's audit does not verify: " + chain.problem());
            }
            return database.read(c -> {
                Map<String, Long> rows = new LinkedHashMap<>();
                for (List<String> table : COUNTED) {
                    rows.put(table.get(1), count(c, "SELECT COUNT(*) FROM " + table.get(0)));
                }
                Instant last = null;
                try (Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT MAX(recorded_at) FROM audit_records")) {
                    if (r.next() && r.getObject(1) != null) {
                        last = r.getObject(1, OffsetDateTime.class).toInstant();
                    }
                }
                // Scheduled backups stay off until an admin sets them here: a drill must not write into (and
                // prune) the folder the backed-up service still writes to.
                String scheduled = Sql.one(c, "SELECT folder FROM backup_schedule", row -> row.getString(1)).orElse(null);
                Sql.update(c, "DELETE FROM backup_schedule");
                return new RestoreReport(manifest.created(), rows, chain.checkedRecords(), last, manifest.masterKey(),
                        scheduled);
            });
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot clear " + folder, e);
        }
    }
}
