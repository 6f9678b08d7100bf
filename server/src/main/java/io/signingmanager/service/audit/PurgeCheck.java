package io.signingmanager.service.audit;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether records missing before the first one kept were purged when due. Anyone with the database
 * can delete records and move the anchor; what they cannot change without breaking the chain is the
 * first kept record's {@code previousTime} (when the last deleted record was written) and the
 * retention in force when it was written. A purge only deletes records older than the retention, so
 * a deleted record newer than that was not purged but removed.
 */
final class PurgeCheck {
    private PurgeCheck() {
    }

    /**
     * The problem with the records before {@code firstKept} having been purged at or before
     * {@code now}, or {@code null}. The shorter of the retention now and the one in force when the
     * record was written applies: a license that later grants more does not make earlier purges
     * wrong. {@code slack} covers purges that run a little late and replicas' clocks.
     */
    static String problem(AuditRecord firstKept, Instant now, Duration retentionNow, Duration slack) {
        if (!firstKept.hashesAdminFields()) {
            // Written before records carried their predecessor's time: nothing to compare with.
            return null;
        }
        if (firstKept.previousTime() == null) {
            return "the records before it were deleted, and it does not tell when the last of them was written";
        }
        Duration retention = Duration.ofDays(firstKept.retentionDays());
        if (retentionNow.compareTo(retention) < 0) {
            retention = retentionNow;
        }
        Instant newestPurgeable = now.minus(retention).plus(slack);
        if (firstKept.previousTime().isAfter(newestPurgeable)) {
            return "the records before it were deleted, but the last of them was written at " + firstKept.previousTime()
                    + ", less than the " + retention.toDays() + " days of retention ago: they were removed, not purged";
        }
        return null;
    }

    /** The problem with a chain whose every record was deleted: a purge always keeps the newest one. */
    static String emptiedChain(long purgedThrough) {
        return "every record up to " + purgedThrough + " was deleted, but a purge always keeps the newest record";
    }
}
