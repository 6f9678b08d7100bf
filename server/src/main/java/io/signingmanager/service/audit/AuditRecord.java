package io.signingmanager.service.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Map;

/**
 * One stored audit record, as listed and exported. Admin records ({@code requestType} {@code admin})
 * also name the {@code action}, the object and the values changed ({@code before}, {@code after}).
 * {@code previousTime} is when the record before was written and {@code retentionDays} the retention
 * in force when this one was: both hashed, so the first record kept after a purge tells whether the
 * purge was due. Records written before these fields existed have them all {@code null}. A signature's
 * record names what was signed: the digest (base64), the certificate's SHA-256 and the signature's (hex).
 *
 * <p>{@code hash} is the record's leaf hash in the signing log ({@link LogLeaf}), hex; records written
 * before the log (a hash chain) have the chain's hash there and the one before in {@code previousHash},
 * which is {@code null} for every record since.
 */
@JsonPropertyOrder({"id", "time", "requestType", "status"})
public record AuditRecord(
        long id,
        Instant time,
        String requestType,
        String status,
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
        String previousHash,
        String hash,
        String action,
        String objectKind,
        String objectId,
        String objectName,
        Map<String, String> before,
        Map<String, String> after,
        Instant previousTime,
        Integer retentionDays,
        String signedDigest,
        String certificateSha256,
        String signatureSha256) {

    /** Whether the hash covers the fields added with admin records (all records written since). */
    boolean hashesAdminFields() {
        return action != null || objectKind != null || objectId != null || objectName != null || before != null
                || after != null || previousTime != null || retentionDays != null;
    }

    AuditRecord withHash(String recordHash) {
        return new AuditRecord(id, time, requestType, status, reason, apiKeyId, apiKeyName, clientId, clientHostname,
                certificateSha1, certificateName, algorithm, remoteAddress, username, context, previousHash,
                recordHash, action, objectKind, objectId, objectName, before, after, previousTime, retentionDays, signedDigest, certificateSha256,
                signatureSha256);
    }
}
