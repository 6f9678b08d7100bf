package io.signingmanager.service.migration;

import io.signingmanager.service.audit.ChainCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What a migration copied and found: each table's rows (equal on both sides, the content too), the
 * audit chain as the target verifies it, how long it took, and the master key file the sealed
 * values need ({@code null} when the data folder has none: its service took the key from
 * {@code SIGNING_SERVICE_MASTER_KEY}).
 */
public record MigrationReport(Map<String, Long> rowsPerTable, ChainCheck audit, Duration took, Path masterKeyFile) {
    public long rows() {
        return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
    }
}
