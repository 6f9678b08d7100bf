package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.CanonicalJson;
import io.signingmanager.common.tlog.MerkleHash;

/**
 * A record's leaf in the signing log, version 1: the record as an RFC 8785 canonical JSON object, with
 * {@code "v": 1}, the record's fields under their names in the API's records (a field without a value
 * left out), {@code time} and {@code previousTime} as ISO-8601 UTC instants to the millisecond
 * ({@code 2026-12-05T06:41:02.123Z}, as {@link java.time.Instant#toString} writes them), {@code id} and
 * {@code retentionDays} as integers, {@code context}, {@code before} and {@code after} as objects of
 * strings. The text is the text stored (see {@link StoredText}). {@code docs/signing-log.md} gives it
 * byte for byte. The leaf's index in the tree is its record's id less the log's first record id.
 */
public final class LogLeaf {
    static final int VERSION = 1;

    private LogLeaf() {
    }

    /** The leaf data: what the tree's leaf hash is made of; its members in their canonical order. */
    static byte[] data(AuditRecord r) {
        return new CanonicalJson.Members()
                .add("action", r.action())
                .add("after", r.after())
                .add("algorithm", r.algorithm())
                .add("apiKeyId", r.apiKeyId())
                .add("apiKeyName", r.apiKeyName())
                .add("before", r.before())
                .add("certificateName", r.certificateName())
                .add("certificateSha1", r.certificateSha1())
                .add("certificateSha256", r.certificateSha256())
                .add("clientHostname", r.clientHostname())
                .add("clientId", r.clientId())
                .add("context", r.context() == null || r.context().isEmpty() ? null : r.context())
                .add("id", r.id())
                .add("objectId", r.objectId())
                .add("objectKind", r.objectKind())
                .add("objectName", r.objectName())
                .add("previousTime", r.previousTime() == null ? null : r.previousTime().toString())
                .add("reason", r.reason())
                .add("remoteAddress", r.remoteAddress())
                .add("requestType", r.requestType())
                .add("retentionDays", r.retentionDays())
                .add("signatureSha256", r.signatureSha256())
                .add("signedDigest", r.signedDigest())
                .add("status", r.status())
                .add("time", r.time().toString())
                .add("username", r.username())
                .add("v", VERSION)
                .bytes();
    }

    /** {@code SHA-256(0x00 || data)}. */
    static byte[] hash(AuditRecord r) {
        return MerkleHash.leaf(data(r));
    }
}
