package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.CanonicalJson;
import io.signingmanager.common.tlog.MerkleHash;
import java.util.HashMap;
import java.util.Map;

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

    /** The leaf data: what the tree's leaf hash is made of. */
    static byte[] data(AuditRecord r) {
        Map<String, Object> leaf = new HashMap<>(48);
        leaf.put("v", VERSION);
        leaf.put("id", r.id());
        leaf.put("time", r.time().toString());
        leaf.put("requestType", r.requestType());
        leaf.put("status", r.status());
        leaf.put("reason", r.reason());
        leaf.put("apiKeyId", r.apiKeyId());
        leaf.put("apiKeyName", r.apiKeyName());
        leaf.put("clientId", r.clientId());
        leaf.put("clientHostname", r.clientHostname());
        leaf.put("certificateSha1", r.certificateSha1());
        leaf.put("certificateName", r.certificateName());
        leaf.put("certificateSha256", r.certificateSha256());
        leaf.put("algorithm", r.algorithm());
        leaf.put("signedDigest", r.signedDigest());
        leaf.put("signatureSha256", r.signatureSha256());
        leaf.put("remoteAddress", r.remoteAddress());
        leaf.put("username", r.username());
        leaf.put("context", r.context() == null || r.context().isEmpty() ? null : r.context());
        leaf.put("action", r.action());
        leaf.put("objectKind", r.objectKind());
        leaf.put("objectId", r.objectId());
        leaf.put("objectName", r.objectName());
        leaf.put("before", r.before());
        leaf.put("after", r.after());
        leaf.put("previousTime", r.previousTime() == null ? null : r.previousTime().toString());
        leaf.put("retentionDays", r.retentionDays());
        return CanonicalJson.write(leaf);
    }

    /** {@code SHA-256(0x00 || data)}. */
    static byte[] hash(AuditRecord r) {
        return MerkleHash.leaf(data(r));
    }
}
