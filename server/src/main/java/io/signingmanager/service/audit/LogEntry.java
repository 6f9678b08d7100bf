package io.signingmanager.service.audit;

import java.util.Base64;

/** A leaf of the signing log as the entries and search calls answer it: its index and its data, base64. */
public record LogEntry(long index, String leaf) {
    static LogEntry of(AuditRecord record, long firstLeafId) {
        return new LogEntry(record.id() - firstLeafId, Base64.getEncoder().encodeToString(LogLeaf.data(record)));
    }
}
