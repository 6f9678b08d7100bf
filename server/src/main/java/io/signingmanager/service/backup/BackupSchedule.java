package io.signingmanager.service.backup;

import java.time.Instant;

/**
 * Scheduled backups: into {@code folder} (absolute, outside the data folder), every {@code intervalHours},
 * the newest {@code keep} kept; with the master key only when asked. The passphrase they are encrypted
 * under is stored sealed and never shown.
 */
public record BackupSchedule(String folder, int intervalHours, int keep, boolean includeMasterKey, Instant updatedAt) {
    public static final int MIN_HOURS = 1;
    /** At most 30 days apart. */
    public static final int MAX_HOURS = 720;
    public static final int MAX_KEEP = 1000;
    public static final int MAX_FOLDER = 1000;
}
