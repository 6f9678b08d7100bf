package io.signingmanager.service.backup;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * What the service knows of its backups: whether it takes them itself ({@code embedded}; on PostgreSQL
 * they are the database's own, {@code pg_dump}), the schedule, the last backup written whole, the
 * schedule's last failure when it came after that, and when the schedule runs next.
 */
@JsonPropertyOrder({"embedded", "schedule", "lastGood", "lastFailure", "nextAt"})
public record BackupState(boolean embedded, BackupSchedule schedule, Taken lastGood, Failure lastFailure, Instant nextAt) {
    /** A backup written whole: when, how ("scheduled", "download by alice", "command line"), its file and size if known. */
    public record Taken(Instant at, String by, String file, Long bytes) {
    }

    /** A scheduled backup that failed, and why. */
    public record Failure(Instant at, String problem) {
    }
}
