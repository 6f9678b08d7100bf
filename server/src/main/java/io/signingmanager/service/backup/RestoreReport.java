package io.signingmanager.service.backup;

import java.time.Instant;
import java.util.Map;

/**
 * What a restore put in the data folder: the backup's time, the rows of each table the operator asks
 * about, how many audit records verified, and the time of the last; the folder the backed-up service's
 * scheduled backups went to, if it had a schedule (left off in the restored folder).
 */
public record RestoreReport(Instant taken, Map<String, Long> rows, long auditRecords, Instant lastAudit,
                            boolean masterKeyFromBackup, String scheduleLeftOff) {
}
