package io.signingmanager.service.backup;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backups as admins take and schedule them, whichever way they ask (the pages, the JSON API, the
 * command line through {@link BackupSocket}, the schedule): each audited before its first byte, one at a
 * time (a backup's passphrase costs 256 MiB of scrypt), and the last one written whole remembered for the
 * main page and the diagnostics. Only the embedded database is backed up here; PostgreSQL's is pg_dump's.
 */
public final class BackupService {
    /** Who the audit names for a scheduled backup. */
    public static final Actor SCHEDULE = new Actor(null, "backup schedule", null);
    private static final String SEALED_AS = "backup_schedule:passphrase";
    private static final int MAX_PASSPHRASE = 1024;
    // A backup waits this long for the one before it, then gives up (a download's transfer is cut).
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    private final Database database;
    private final Backups backups;
    private final Path dataFolder;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final Clock clock;
    private final BackupStore store = new BackupStore();
    private final Semaphore oneAtATime = new Semaphore(1, true);

    /** The bytes of a backup, written while they are sent. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A backup to download: the file name to save it under, and its content. */
    public record Download(String fileName, Content content) {
    }

    /** Scheduled backups as an admin sets them; an empty passphrase keeps the one stored. */
    public record ScheduleRequest(String folder, Integer intervalHours, Integer keep, Boolean includeMasterKey,
                                  String passphrase) {
    }

    public BackupService(Database database, Path dataFolder, SecretBox secrets, AuditLog audit, Clock clock) {
        this.database = database;
        this.backups = database.embedded() ? new Backups(database, dataFolder, clock) : null;
        this.dataFolder = dataFolder.toAbsolutePath();
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    public boolean embedded() {
        return backups != null;
    }

    public BackupState state() {
        if (!embedded()) {
            return new BackupState(false, null, null, null, null);
        }
        return database.read(c -> {
            BackupSchedule schedule = store.schedule(c).map(BackupStore.Stored::schedule).orElse(null);
            BackupStore.Status status = store.status(c);
            BackupState.Failure failure = status.failure() != null
                    && (status.good() == null || status.failure().at().isAfter(status.good().at())) ? status.failure() : null;
            Instant next = schedule == null ? null : status.attemptAt() == null ? clock.instant()
                    : status.attemptAt().plus(Duration.ofHours(schedule.intervalHours()));
            return new BackupState(true, schedule, status.good(), failure, next);
        });
    }

    /** A backup for {@code actor} to download, encrypted under {@code passphrase}; audited before it is made. */
    public Download download(String passphrase, boolean includeMasterKey, Actor actor) throws Refusal {
        requireEmbedded();
        char[] key = checkedPassphrase(passphrase);
        if (oneAtATime.availablePermits() == 0) {
            throw new Refusal(ErrorCode.CONFLICT, "Another backup is being taken; try again in a minute.")
                    .retryAfter(Duration.ofSeconds(30));
        }
        String by = "download by " + actor.username();
        audit.record(AuditEntry.admin(actor, AdminAction.BACKUP_TAKE, null, described(by, includeMasterKey)));
        String name = BackupFolder.fileName(clock.instant());
        return new Download(name, out -> {
            try {
                exclusively(() -> new BackupState.Taken(clock.instant(), by, name,
                        counting(out, counted -> backups.write(counted, key, includeMasterKey))));
            } finally {
                Arrays.fill(key, '\0');
            }
        });
    }

    /**
     * The unencrypted archive for {@code signing-service backup} on this machine (it encrypts as it reads),
     * audited before {@code ready} says so to the command and the first byte goes.
     */
    public void forCommandLine(boolean includeMasterKey, OutputStream out, Content ready) throws IOException {
        audit.record(AuditEntry.admin(BackupSocket.LOCAL_OPERATOR, AdminAction.BACKUP_TAKE, null,
                described("command line", includeMasterKey)));
        ready.writeTo(out);
        exclusively(() -> {
            // The command encrypts and writes the file: its size is not known here.
            backups.writeArchive(out, includeMasterKey);
            return new BackupState.Taken(clock.instant(), "command line", null, null);
        });
    }

    /** Sets (or changes) the schedule, audited, and takes its first backup at once; answers the state after. */
    public BackupState schedule(ScheduleRequest request, Actor actor) throws Refusal {
        requireEmbedded();
        String folder = request.folder() == null ? "" : request.folder().strip();
        if (folder.isEmpty() || folder.length() > BackupSchedule.MAX_FOLDER) {
            throw Refusal.badRequest("Give the folder backups go to, an absolute path of at most "
                    + BackupSchedule.MAX_FOLDER + " characters.");
        }
        String unusable = BackupFolder.unusable(folder, dataFolder);
        if (unusable != null) {
            throw Refusal.badRequest(unusable);
        }
        int hours = within(request.intervalHours(), BackupSchedule.MIN_HOURS, BackupSchedule.MAX_HOURS,
                "Back up every " + BackupSchedule.MIN_HOURS + " to " + BackupSchedule.MAX_HOURS + " hours (intervalHours).");
        int keep = within(request.keep(), 1, BackupSchedule.MAX_KEEP, "Keep 1 to " + BackupSchedule.MAX_KEEP + " backups (keep).");
        Optional<BackupStore.Stored> current = database.read(store::schedule);
        boolean newPassphrase = request.passphrase() != null && !request.passphrase().isEmpty();
        if (!newPassphrase && current.isEmpty()) {
            throw Refusal.badRequest("Give the passphrase scheduled backups are encrypted under.");
        }
        byte[] sealed = newPassphrase ? seal(checkedPassphrase(request.passphrase())) : current.get().passphraseSealed();
        BackupSchedule schedule = new BackupSchedule(Path.of(folder).normalize().toString(), hours, keep,
                Boolean.TRUE.equals(request.includeMasterKey()), clock.instant());
        Map<String, String> after = described(schedule);
        after.put("passphrase", newPassphrase ? "new" : "kept");
        database.transaction(c -> {
            store.putSchedule(c, schedule, sealed);
            audit.recordIn(c, AuditEntry.admin(actor, AdminAction.BACKUP_SCHEDULE_SET, null, schedule.folder())
                    .change(current.map(stored -> described(stored.schedule())).orElse(null), after));
            return null;
        });
        runDue();
        return state();
    }

    /** Stops scheduled backups (the files written stay); audited when there was a schedule. */
    public BackupState unschedule(Actor actor) throws Refusal {
        requireEmbedded();
        database.transaction(c -> {
            Optional<BackupStore.Stored> current = store.schedule(c);
            if (current.isPresent()) {
                store.removeSchedule(c);
                audit.recordIn(c, AuditEntry.admin(actor, AdminAction.BACKUP_SCHEDULE_REMOVE, null,
                        current.get().schedule().folder()).change(described(current.get().schedule()), null));
            }
            return null;
        });
        return state();
    }

    /** Takes the scheduled backup if one is due (the timer asks each minute); a failure is kept for the pages. */
    public synchronized void runDue() {
        if (!embedded()) {
            return;
        }
        BackupState state = state();
        Instant now = clock.instant();
        if (state.schedule() == null || state.nextAt().isAfter(now)) {
            return;
        }
        // The schedule as stored with its sealed passphrase, read only when a backup is due.
        Optional<BackupStore.Stored> stored = database.read(store::schedule);
        if (stored.isEmpty()) {
            return;
        }
        BackupSchedule schedule = stored.get().schedule();
        database.read(c -> {
            store.attempted(c, now);
            return null;
        });
        try {
            runScheduled(schedule, stored.get().passphraseSealed(), now);
        } catch (IOException | RuntimeException e) {
            String problem = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warn("The scheduled backup into {} failed: {}", schedule.folder(), problem);
            database.read(c -> {
                store.failed(c, new BackupState.Failure(now, problem));
                return null;
            });
        }
    }

    private void runScheduled(BackupSchedule schedule, byte[] passphraseSealed, Instant now) throws IOException {
        String unusable = BackupFolder.unusable(schedule.folder(), dataFolder);
        if (unusable != null) {
            throw new IOException(unusable);
        }
        char[] passphrase = open(passphraseSealed);
        try {
            audit.record(AuditEntry.admin(SCHEDULE, AdminAction.BACKUP_TAKE, null,
                    described("scheduled into " + schedule.folder(), schedule.includeMasterKey())));
            BackupFolder folder = new BackupFolder(Path.of(schedule.folder()));
            exclusively(() -> {
                Path file = folder.write(now, out -> backups.write(out, passphrase, schedule.includeMasterKey()));
                folder.prune(schedule.keep());
                return new BackupState.Taken(clock.instant(), "schedule", file.toString(), Files.size(file));
            });
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /** A backup's work, answering what it wrote. */
    private interface Work {
        BackupState.Taken run() throws IOException;
    }

    /** Runs a backup once the one before it (if any) is done, and remembers it as the last good one. */
    private void exclusively(Work work) throws IOException {
        try {
            if (!oneAtATime.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("Another backup has been running for " + WAIT.toMinutes() + " minutes; this one gave up.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while waiting for another backup", e);
        }
        try {
            BackupState.Taken taken = work.run();
            database.read(c -> {
                store.good(c, taken);
                return null;
            });
        } finally {
            oneAtATime.release();
        }
    }

    /** Writes the content to {@code out}; answers how many bytes that was. */
    private static long counting(OutputStream out, Content content) throws IOException {
        long[] written = {0};
        content.writeTo(new FilterOutputStream(out) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                written[0] += length;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                written[0]++;
            }
        });
        return written[0];
    }

    private void requireEmbedded() throws Refusal {
        if (!embedded()) {
            throw new Refusal(ErrorCode.CONFLICT, "This service keeps its data in PostgreSQL: back it up with pg_dump "
                    + "and the master key (see the README's 'Backup and restore').");
        }
    }

    private static char[] checkedPassphrase(String passphrase) throws Refusal {
        int length = passphrase == null ? 0 : passphrase.codePointCount(0, passphrase.length());
        String weakness = Passphrase.weakness(length);
        if (weakness != null) {
            throw Refusal.badRequest(weakness);
        }
        if (length > MAX_PASSPHRASE) {
            throw Refusal.badRequest("The passphrase must have at most " + MAX_PASSPHRASE + " characters.");
        }
        return passphrase.toCharArray();
    }

    private static int within(Integer value, int min, int max, String refusal) throws Refusal {
        if (value == null || value < min || value > max) {
            throw Refusal.badRequest(refusal);
        }
        return value;
    }

    private byte[] seal(char[] passphrase) {
        byte[] bytes = new String(passphrase).getBytes(StandardCharsets.UTF_8);
        try {
            return secrets.seal(bytes, SEALED_AS);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private char[] open(byte[] sealed) {
        byte[] bytes = secrets.open(sealed, SEALED_AS);
        try {
            return new String(bytes, StandardCharsets.UTF_8).toCharArray();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static String described(String by, boolean includeMasterKey) {
        return by + (includeMasterKey ? ", with the master key" : ", without the master key");
    }

    private static Map<String, String> described(BackupSchedule schedule) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("folder", schedule.folder());
        values.put("intervalHours", String.valueOf(schedule.intervalHours()));
        values.put("keep", String.valueOf(schedule.keep()));
        values.put("includeMasterKey", String.valueOf(schedule.includeMasterKey()));
        return values;
    }
}
