package io.signingmanager.service.audit;

import java.util.Map;

/**
 * What happened, before it is stamped and chained: a request type ({@code register}, {@code index},
 * {@code sign}, {@code login}), whether it succeeded, and who and what it involved.
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
        Map<String, String> context) {

    public static AuditEntry of(String requestType, String remoteAddress) {
        return new AuditEntry(requestType, true, null, null, null, null, null, null, null, null, remoteAddress,
                null, Map.of());
    }

    public AuditEntry failed(String why) {
        return new AuditEntry(requestType, false, why, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, context);
    }

    public AuditEntry apiKey(String id, String name) {
        return new AuditEntry(requestType, succeeded, reason, id, name, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, context);
    }

    public AuditEntry client(String id, String hostname) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, id, hostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, context);
    }

    public AuditEntry certificate(String sha1, String name) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                sha1, name, algorithm, remoteAddress, username, context);
    }

    public AuditEntry algorithm(String name) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, name, remoteAddress, username, context);
    }

    public AuditEntry user(String name) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, name, context);
    }

    public AuditEntry context(Map<String, String> values) {
        return new AuditEntry(requestType, succeeded, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, Map.copyOf(values));
    }
}
