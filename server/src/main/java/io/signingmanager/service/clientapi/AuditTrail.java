package io.signingmanager.service.clientapi;

import io.signingmanager.service.audit.AuditEntry;
import java.util.function.UnaryOperator;

/** The audit entry of one protocol call, filled in as the call learns who and what it involves. */
final class AuditTrail {
    private AuditEntry entry;

    AuditTrail(AuditEntry entry) {
        this.entry = entry;
    }

    void add(UnaryOperator<AuditEntry> change) {
        entry = change.apply(entry);
    }

    AuditEntry entry() {
        return entry;
    }
}
