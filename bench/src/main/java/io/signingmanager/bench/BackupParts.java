package io.signingmanager.bench;

import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.ChainCheck;
import io.signingmanager.service.backup.AgeEncryption;
import io.signingmanager.service.backup.Backups;
import io.signingmanager.service.backup.Restore;
import io.signingmanager.service.storage.Database;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a backup's and a restore's time goes, each part timed alone in this process on the stopped service's
 * data folder (the service's own classes, as the command runs them): scrypt at the backup's work factor, H2's
 * {@code BACKUP TO}, the archive the socket streams (that copy unzipped and zipped again, with the TLS files and
 * the master key), age's encryption and decryption of that archive (a low work factor, so the payload alone is
 * timed), the whole restore ({@link Restore#into}: scrypt, decryption, unpacking, the master key's check, the
 * audit's verification) and that verification alone. Each part runs twice: the first in a JVM that has
 * not run it yet, as in the command's own process; the second warmer.
 */
final class BackupParts {
    /** The restore verifies each record against the retention it was written under (Restore's own setting). */
    private static final Duration EVERY_RECORD_OWN_RETENTION = Duration.ofDays(Integer.MAX_VALUE);
    private static final int PAYLOAD_WORK_FACTOR = 1;
    private static final char[] PASSPHRASE = BackupBenchmark.PASSPHRASE.toCharArray();

    /** A part's time in its first and second run, this thread's CPU in the second, and the bytes it made or read. */
    record Part(String name, long firstNanos, long secondNanos, long secondCpuNanos, long bytes) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %s |", name, firstNanos / 1e9, secondNanos / 1e9,
                    secondCpuNanos / 1e9,
                    bytes < 0 ? "" : String.format(Locale.ROOT, "%s, %.0f MB/s at the second",
                            BackupBenchmark.megabytes(bytes), bytes / 1e6 / (secondNanos / 1e9)));
        }
    }

    @FunctionalInterface
    private interface Work {
        /** Does the part once; answers the bytes it made or read, -1 for none. */
        long run() throws Exception;
    }

    private BackupParts() {
    }

    /**
     * The parts on {@code data} (a stopped service's folder), {@code backup} (a backup of it with its master key,
     * under the benchmark's passphrase) and {@code restored} (a restored folder); {@code scratch} for files.
     */
    static List<Part> measure(Path data, Path backup, Path restored, Path scratch) throws Exception {
        Path h2Copy = scratch.resolve("h2-backup.zip");
        Path archive = scratch.resolve("archive.zip");
        Path encrypted = scratch.resolve("archive.age");
        List<Part> parts = new ArrayList<>();
        parts.add(twice("scrypt, work factor " + AgeEncryption.WORK_FACTOR, () -> {
            AgeEncryption.encrypt(InputStream.nullInputStream(), OutputStream.nullOutputStream(), PASSPHRASE,
                    AgeEncryption.WORK_FACTOR);
            return -1;
        }));
        try (Database database = Database.openH2(data)) {
            parts.add(twice("H2 BACKUP TO (its zip)", () -> {
                Files.deleteIfExists(h2Copy);
                database.backupTo(h2Copy);
                return Files.size(h2Copy);
            }));
            Backups backups = new Backups(database, data, Clock.systemUTC());
            parts.add(twice("the archive: BACKUP TO, unzipped, zipped again", () -> {
                try (OutputStream out = Files.newOutputStream(archive)) {
                    backups.writeArchive(out, true);
                }
                return Files.size(archive);
            }));
        }
        parts.add(twice("age encryption of the archive", () -> {
            try (InputStream in = Files.newInputStream(archive); OutputStream out = Files.newOutputStream(encrypted)) {
                AgeEncryption.encrypt(in, out, PASSPHRASE, PAYLOAD_WORK_FACTOR);
            }
            return Files.size(archive);
        }));
        parts.add(twice("age decryption of the archive", () -> {
            try (InputStream in = Files.newInputStream(encrypted)) {
                AgeEncryption.decrypt(in, OutputStream.nullOutputStream(), PASSPHRASE);
            }
            return Files.size(archive);
        }));
        int[] restores = {0};
        parts.add(twice("restore (Restore.into, whole)", () -> {
            Path target = scratch.resolve("parts-restored-" + ++restores[0]);
            try (InputStream in = Files.newInputStream(backup)) {
                Restore.into(in, PASSPHRASE, target, Optional.empty());
            }
            BenchmarkSetup.delete(target);
            return -1;
        }));
        try (Database database = Database.openH2(restored)) {
            AuditLog audit = new AuditLog(database, Clock.systemUTC(), () -> EVERY_RECORD_OWN_RETENTION);
            long[] records = {0};
            Part verify = twice("audit verification (restored folder)", () -> {
                ChainCheck check = audit.verify();
                if (!check.valid()) {
                    throw new IOException("The restored audit does not verify: " + check.problem());
                }
                records[0] = check.checkedRecords();
                return -1;
            });
            parts.add(new Part(verify.name() + String.format(Locale.ROOT, ", %,d records", records[0]), verify.firstNanos(),
                    verify.secondNanos(), verify.secondCpuNanos(), -1));
        }
        for (Path file : List.of(h2Copy, archive, encrypted)) {
            Files.deleteIfExists(file);
        }
        return parts;
    }

    private static Part twice(String name, Work work) throws Exception {
        long started = System.nanoTime();
        long bytes = work.run();
        long first = System.nanoTime() - started;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        started = System.nanoTime();
        work.run();
        Part part = new Part(name, first, System.nanoTime() - started, threads.getCurrentThreadCpuTime() - cpu, bytes);
        System.out.println("  " + part.row());
        return part;
    }
}
