package io.signingmanager.service.audit;

import io.signingmanager.common.crypto.HashAlgorithm;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What happened, before it is stamped and chained: what kind of request, whether it succeeded (and
 * why not), and who and what it involved: the API key, the client, the certificate (by SHA-1), the
 * algorithm, the address and user, the call's context; an admin entry also says what the admin did
 * to which object ({@code null} otherwise); a signature's entry says what was signed ({@code signed}, once it is
 * made).
 */
public record AuditEntry(
        RequestType requestType,
        Status status,
        String reason,
        Party apiKey,
        Party client,
        Party certificate,
        String algorithm,
        String remoteAddress,
        String username,
        Map<String, String> context,
        AdminChange admin,
        Signed signed) {

    /** Something the entry names, by its id (a certificate's SHA-1) and its name at the time; either may be {@code null}. */
    public record Party(String id, String name) {
        static final Party NONE = new Party(null, null);

        Party mapText(UnaryOperator<String> text) {
            return new Party(text.apply(id), text.apply(name));
        }
    }

    /**
     * What a signature signed: the digest (base64), the certificate's SHA-256 and the signature's SHA-256
     * (hex); they go into the record's leaf of the signing log.
     */
    public record Signed(String digest, String certificateSha256, String signatureSha256) {
    }

    public static AuditEntry of(RequestType requestType, String remoteAddress) {
        return new AuditEntry(requestType, Status.SUCCESS, null, Party.NONE, Party.NONE, Party.NONE, null, remoteAddress,
                null, Map.of(), null, null);
    }

    /** An admin action on an object, done by {@code actor}; add what it changed with {@link #change}. */
    public static AuditEntry admin(Actor actor, AdminAction action, String objectId, String objectName) {
        return new AuditEntry(RequestType.ADMIN, Status.SUCCESS, null, Party.NONE, Party.NONE, Party.NONE, null,
                actor.remoteAddress(), actor.username(), Map.of(),
                new AdminChange(action, action.kind(), objectId, objectName, null, null), null);
    }

    /** A signed-in user refused a page or an API call: {@code route} is like {@code "GET /users"}. */
    public static AuditEntry refused(Actor actor, ObjectKind kind, String route, String why) {
        return new AuditEntry(RequestType.ADMIN, Status.FAILURE, why, Party.NONE, Party.NONE, Party.NONE, null,
                actor.remoteAddress(), actor.username(), Map.of(),
                new AdminChange(AdminAction.ACCESS_REFUSED, kind, null, route, null, null), null);
    }

    /** The values an admin action changed; either side {@code null} or empty when it does not fit. */
    public AuditEntry change(Map<String, String> before, Map<String, String> after) {
        return new AuditEntry(requestType, status, reason, apiKey, client, certificate, algorithm, remoteAddress,
                username, context,
                new AdminChange(admin.action(), admin.objectKind(), admin.objectId(), admin.objectName(), before, after), signed);
    }

    public AuditEntry failed(String why) {
        return new AuditEntry(requestType, Status.FAILURE, why, apiKey, client, certificate, algorithm, remoteAddress,
                username, context, admin, signed);
    }

    public AuditEntry apiKey(String id, String name) {
        return new AuditEntry(requestType, status, reason, new Party(id, name), client, certificate, algorithm,
                remoteAddress, username, context, admin, signed);
    }

    public AuditEntry client(String id, String hostname) {
        return new AuditEntry(requestType, status, reason, apiKey, new Party(id, hostname), certificate, algorithm,
                remoteAddress, username, context, admin, signed);
    }

    public AuditEntry certificate(String sha1, String name) {
        return new AuditEntry(requestType, status, reason, apiKey, client, new Party(sha1, name), algorithm,
                remoteAddress, username, context, admin, signed);
    }

    public AuditEntry algorithm(String name) {
        return new AuditEntry(requestType, status, reason, apiKey, client, certificate, name, remoteAddress, username,
                context, admin, signed);
    }

    public AuditEntry user(String name) {
        return new AuditEntry(requestType, status, reason, apiKey, client, certificate, algorithm, remoteAddress, name,
                context, admin, signed);
    }

    public AuditEntry context(Map<String, String> values) {
        return new AuditEntry(requestType, status, reason, apiKey, client, certificate, algorithm, remoteAddress,
                username, Map.copyOf(values), admin, signed);
    }

    /** The entry of a signature made: the digest signed, the certificate's SHA-256 (hex) and the signature. */
    public AuditEntry signed(byte[] digest, String certificateSha256, byte[] signature) {
        return new AuditEntry(requestType, status, reason, apiKey, client, certificate, algorithm, remoteAddress,
                username, context, admin, new Signed(Base64.getEncoder().encodeToString(digest),
                        certificateSha256.toLowerCase(Locale.ROOT),
                        HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(signature))));
    }

    /** The entry with {@code text} applied to every string in it: each field, each key and value of its maps. */
    AuditEntry mapText(UnaryOperator<String> text) {
        return new AuditEntry(requestType, status, text.apply(reason), apiKey.mapText(text), client.mapText(text),
                certificate.mapText(text), text.apply(algorithm), text.apply(remoteAddress), text.apply(username),
                mapText(context, text), admin == null ? null : new AdminChange(admin.action(), admin.objectKind(),
                        text.apply(admin.objectId()), text.apply(admin.objectName()), mapText(admin.before(), text),
                        mapText(admin.after(), text)), signed);
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
