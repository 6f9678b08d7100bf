package io.signingmanager.service.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What happened, before it is stamped and chained: a request type ({@code register}, {@code index},
 * {@code sign}, {@code login}, {@code admin}), whether it succeeded, and who and what it involved; an
 * admin entry also says what the admin did to which object ({@code admin}, else {@code null}).
 */
public record AuditEntry(
        String requestType,
        boolean succeeded,
        String reason,
        String apiKeyId,
        String apiKeyName,
        String clientId,
        String clientHostname,
        String certificateSha1,
        String certificateName,
        String algorithm,
        String remoteAddress,
        String username,
        Map<String, String> context,
        AdminChange admin) {

    /** The request type of admin actions and refusals. */
    public static final String ADMIN = "admin";

    public static AuditEntry of(String requestType, String remoteAddress) {
        return new AuditEntry(requestType, true, null, null, null, null, null, null, null, null, remoteAddress,
                null, Map.of(), null);
    }

    /** An admin action on an object, done by {@code actor}; add what it changed with {@link #change}. */
    public static AuditEntry admin(Actor actor, AdminAction action, String objectId, String objectName) {
        return new AuditEntry(ADMIN, true, null, null, null, null, null, null, null, null, actor.remoteAddress(),
                actor.username(), Map.of(), new AdminChange(action, action.kind(), objectId, objectName, null, null));
    }

    /** A signed-in user refused a page or an API call: {@code route} is like {@code "GET /users"}. */
    public static AuditEntry refused(Actor actor, ObjectKind kind, String route, String why) {
        return new AuditEntry(ADMIN, false, why, null, null, null, null, null, null, null, actor.remoteAddress(),
                actor.username(), Map.of(), new AdminChange(AdminAction.ACCESS_REFUSED, kind, null, route, null, null));
    }

    /** The values an admin action changed; either side {@code null} or empty when it does not fit. */
    public AuditEntry change(Map<String, String> before, Map<String, String> after) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, context,
                new AdminChange(admin.action(), admin.objectKind(), admin.objectId(), admin.objectName(), before, after));
    }

    public AuditEntry failed(String why) {
        return new AuditEntry(requestType, false, why, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, context, admin);
    }

    public AuditEntry apiKey(String id, String name) {
        return new AuditEntry(requestType, succeeded, reason, id, name, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, context, admin);
    }

    public AuditEntry client(String id, String hostname) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, id, hostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, context, admin);
    }

    public AuditEntry certificate(String sha1, String name) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                sha1, name, algorithm, remoteAddress, username, context, admin);
    }

    public AuditEntry algorithm(String name) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, name, remoteAddress, username, context, admin);
    }

    public AuditEntry user(String name) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, name, context, admin);
    }

    public AuditEntry context(Map<String, String> values) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, Map.copyOf(values), admin);
    }

    /** The entry with {@code text} applied to every string in it: each field, each key and value of its maps. */
    AuditEntry mapText(UnaryOperator<String> text) {
        return new AuditEntry(text.apply(requestType), succeeded, text.apply(reason), text.apply(apiKeyId),
                text.apply(apiKeyName), text.apply(clientId), text.apply(clientHostname), text.apply(certificateSha1),
                text.apply(certificateName), text.apply(algorithm), text.apply(remoteAddress), text.apply(username),
                mapText(context, text), admin == null ? null : new AdminChange(admin.action(), admin.objectKind(),
                        text.apply(admin.objectId()), text.apply(admin.objectName()), mapText(admin.before(), text),
                        mapText(admin.after(), text)));
    }

    private static Map<String, String> mapText(Map<String, String> values, UnaryOperator<String> text) {
        if (values == null) {
            return null;
        }
        Map<String, String> mapped = new LinkedHashMap<>();
        values.forEach((name, value) -> mapped.put(text.apply(name), text.apply(value)));
        return Map.copyOf(mapped);
    }
}
