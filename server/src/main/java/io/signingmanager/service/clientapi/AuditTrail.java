package io.signingmanager.service.clientapi;

import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.failure.Refusal;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The audit entry of one protocol call, filled in as the call learns who and what it involves. Until
 * the caller is known it holds nothing the caller sent: what the call asks for is added only after.
 * A call made of parts (a sign-batch's items) is recorded, once it succeeds, as one entry per part instead.
 */
final class AuditTrail {
    private AuditEntry entry;
    private boolean callerKnown;
    private List<AuditEntry> parts;
    private AuditContext context = AuditContext.NONE;

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

    /** Sets a sign request's context, kept with its JSON length for a batch item's place (see AuditContext). */
    void context(AuditContext checked) {
        context = checked;
        add(e -> e.context(checked.values()));
    }

    AuditContext context() {
        return context;
    }

    boolean callerKnown() {
        return callerKnown;
    }

    AuditEntry entry() {
        return entry;
    }

    /** The call succeeded as these entries, one per part, in order: they are recorded instead of its own. */
    void recordAs(List<AuditEntry> entries) {
        parts = List.copyOf(entries);
    }

    /** What a successful call records: its parts' entries, or its own. */
    List<AuditEntry> entries() {
        return parts != null ? parts : List.of(entry);
    }

    /** How a refusal reads in the audit: its code, then its sentence. */
    static String reason(Refusal refusal) {
        return refusal.code().wire() + ": " + refusal.getMessage();
    }
}
