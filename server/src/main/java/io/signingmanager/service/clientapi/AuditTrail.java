package io.signingmanager.service.clientapi;

import io.signingmanager.service.audit.AuditEntry;
import java.util.function.UnaryOperator;

/**
 * The audit entry of one protocol call, filled in as the call learns who and what it involves. Until
 * the caller is known it holds nothing the caller sent: what the call asks for is added only after.
 */
final class AuditTrail {
    private AuditEntry entry;
    private boolean callerKnown;

    AuditTrail(AuditEntry entry) {
        this.entry = entry;
    }

    /** Adds who is calling (an API key, a client): from here on a failure is recorded with all the trail holds. */
    void caller(UnaryOperator<AuditEntry> change) {
        callerKnown = true;
        add(change);
    }

    void add(UnaryOperator<AuditEntry> change) {
        entry = change.apply(entry);
    }

    boolean callerKnown() {
        return callerKnown;
    }

    AuditEntry entry() {
        return entry;
    }
}
