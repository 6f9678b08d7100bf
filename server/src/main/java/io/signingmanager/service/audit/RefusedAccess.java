package io.signingmanager.service.audit;

import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.RefusalLog;

/**
 * Audits a signed-in user's refused page visit or API call (request type {@code admin}, action
 * {@code access.refused}, the route as the object's name), durably before the refusal is answered.
 */
public final class RefusedAccess implements RefusalLog {
    private final AuditLog audit;

    public RefusedAccess(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void refused(ApiRequest request, Refusal refusal) {
        ObjectKind kind = request.path().startsWith("/api/") ? ObjectKind.API : ObjectKind.PAGE;
        audit.record(AuditEntry.refused(Actor.of(request), kind, request.method() + " " + printable(request.path()),
                refusal.getMessage()));
    }

    /** The path as a caller sent it may hold control characters (%00): they are not stored. */
    private static String printable(String path) {
        StringBuilder text = new StringBuilder(path.length());
        path.codePoints().forEach(c -> text.appendCodePoint(Character.isISOControl(c) ? '\uFFFD' : c));
        return text.toString();
    }
}
