package io.signingmanager.service.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a running service on the embedded database does for backups besides answering requests: the
 * {@link BackupSocket} for {@code signing-service backup}, and a look each minute whether a scheduled
 * backup is due. Nothing on PostgreSQL (pg_dump's).
 */
public final class BackupDuties implements AutoCloseable {
    private static final Duration TICK = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(BackupDuties.class);

    private final BackupService backups;
    private final BackupSocket socket;
    private final ScheduledExecutorService timer;

    private BackupDuties(BackupService backups, BackupSocket socket, ScheduledExecutorService timer) {
        this.backups = backups;
        this.socket = socket;
        this.timer = timer;
    }

    public static BackupDuties start(Path dataFolder, BackupService backups) {
        if (!backups.embedded()) {
            return new BackupDuties(backups, null, null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backup-schedule");
            thread.setDaemon(true);
            return thread;
        });
        BackupDuties duties = new BackupDuties(backups, socket(dataFolder, backups), timer);
        timer.scheduleWithFixedDelay(duties::runDue, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        return duties;
    }

    /** The backups' rules, for tests that run the schedule when they choose. */
    public BackupService service() {
        return backups;
    }

    /** The socket, or none where the data folder cannot hold one (a path too long, a file system without). */
    private static BackupSocket socket(Path dataFolder, BackupService backups) {
        try {
            return BackupSocket.open(dataFolder, backups);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("No backup socket in {} ({}): signing-service backup needs the service stopped", dataFolder,
                    e.toString());
            return null;
        }
    }

    private void runDue() {
        try {
            backups.runDue();
        } catch (RuntimeException e) {
            LOG.error("Scheduled backups could not be checked", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (socket != null) {
            socket.close();
        }
    }
}
