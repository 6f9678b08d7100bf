package io.signingmanager.service.backup;

import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The rows of scheduled backups and of the last backups ({@code backup_schedule}, {@code backup_status}). */
final class BackupStore {
    /** The schedule's row as stored: the schedule and its sealed passphrase. */
    record Stored(BackupSchedule schedule, byte[] passphraseSealed) {
    }

    /** The status row: the last good backup, the schedule's last attempt and last failure. */
    record Status(BackupState.Taken good, Instant attemptAt, BackupState.Failure failure) {
    }

    Optional<Stored> schedule(Connection c) throws SQLException {
        return Sql.one(c, "SELECT * FROM backup_schedule WHERE id = 1", row -> new Stored(new BackupSchedule(
                row.getString("folder"), row.getInt("interval_hours"), row.getInt("keep_count"),
                row.getBoolean("include_master_key"), Sql.instant(row, "updated_at")), row.getBytes("passphrase_sealed")));
    }

    void putSchedule(Connection c, BackupSchedule schedule, byte[] passphraseSealed) throws SQLException {
        Sql.update(c, "DELETE FROM backup_schedule");
        Sql.update(c, "INSERT INTO backup_schedule (id, folder, interval_hours, keep_count, include_master_key, "
                + "passphrase_sealed, updated_at) VALUES (1, ?, ?, ?, ?, ?, ?)", schedule.folder(), schedule.intervalHours(),
                schedule.keep(), schedule.includeMasterKey(), passphraseSealed, schedule.updatedAt());
        forgetAttempts(c);
    }

    void removeSchedule(Connection c) throws SQLException {
        Sql.update(c, "DELETE FROM backup_schedule");
        forgetAttempts(c);
    }

    /** A new (or no) schedule starts from now: its first backup is taken at once, then every interval. */
    private static void forgetAttempts(Connection c) throws SQLException {
        Sql.update(c, "UPDATE backup_status SET attempt_at = NULL, failure_at = NULL, failure = NULL WHERE id = 1");
    }

    Status status(Connection c) throws SQLException {
        return Sql.one(c, "SELECT * FROM backup_status WHERE id = 1", BackupStore::status)
                .orElse(new Status(null, null, null));
    }

    void good(Connection c, BackupState.Taken taken) throws SQLException {
        Sql.update(c, "UPDATE backup_status SET good_at = ?, good_by = ?, good_file = ?, good_bytes = ? WHERE id = 1",
                taken.at(), taken.by(), taken.file(), taken.bytes());
    }

    void attempted(Connection c, Instant at) throws SQLException {
        Sql.update(c, "UPDATE backup_status SET attempt_at = ? WHERE id = 1", at);
    }

    void failed(Connection c, BackupState.Failure failure) throws SQLException {
        Sql.update(c, "UPDATE backup_status SET failure_at = ?, failure = ? WHERE id = 1", failure.at(),
                failure.problem().length() <= 1000 ? failure.problem() : failure.problem().substring(0, 999) + "…");
    }

    private static Status status(ResultSet row) throws SQLException {
        Instant goodAt = Sql.instant(row, "good_at");
        BackupState.Taken good = goodAt == null ? null : new BackupState.Taken(goodAt, row.getString("good_by"),
                row.getString("good_file"), row.getObject("good_bytes", Long.class));
        Instant failureAt = Sql.instant(row, "failure_at");
        return new Status(good, Sql.instant(row, "attempt_at"),
                failureAt == null ? null : new BackupState.Failure(failureAt, row.getString("failure")));
    }
}
