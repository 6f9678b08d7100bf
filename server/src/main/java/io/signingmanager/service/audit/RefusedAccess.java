package io.signingmanager.service.audit;

/**
 * Audits a signed-in user's refused page visit or API call (request type {@code admin}, action
 * {@code access.refused}, the route as the object's name), durably before the refusal is answered.
 */
public final class RefusedAccess {
    private final AuditLog audit;

    public RefusedAccess(AuditLog audit) {
        this.audit = audit;
    }

    /** Records that {@code actor} was refused {@code method path} for their role, saying {@code why}. */
    public void refused(Actor actor, String method, String path, String why) {
        ObjectKind kind = path.startsWith("/api/") ? ObjectKind.API : ObjectKind.PAGE;
        audit.record(AuditEntry.refused(actor, kind, method + " " + printable(path), why));
    }

    /** The path as a caller sent it may hold control characters (%00): they are not stored. */
    private static String printable(String path) {
        StringBuilder text = new StringBuilder(path.length());
        path.codePoints().forEach(c -> text.appendCodePoint(Character.isISOControl(c) ? '\uFFFD' : c));
        return text.toString();
    }
}
