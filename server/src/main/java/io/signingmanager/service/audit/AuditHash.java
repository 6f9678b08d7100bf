package io.signingmanager.service.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The chain link: SHA-256 over a record's fields, in a fixed order, and the hash before it. */
final class AuditHash {
    static final String GENESIS = "0".repeat(64);

    private AuditHash() {
    }

    /**
     * Records written before admin records existed hash the first sixteen fields only, so they still
     * verify; every record written since has {@code retentionDays} and hashes them all. Either way the
     * hash is a function of the record's content: setting or clearing a field changes it.
     */
    static String of(AuditRecord r) {
        List<Object> fields = new ArrayList<>(Arrays.asList(r.id(), r.time().toString(), r.requestType(), r.status(),
                r.reason(), r.apiKeyId(), r.apiKeyName(), r.clientId(), r.clientHostname(), r.certificateSha1(),
                r.certificateName(), r.algorithm(), r.remoteAddress(), r.username(), new TreeMap<>(r.context()),
                r.previousHash()));
        if (r.hashesAdminFields()) {
            fields.addAll(Arrays.asList(r.action(), r.objectKind(), r.objectId(), r.objectName(), sorted(r.before()),
                    sorted(r.after()), r.previousTime() == null ? null : r.previousTime().toString(),
                    r.retentionDays()));
        }
        try {
            byte[] canonical = Json.mapper().writeValueAsBytes(fields);
            return HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit record cannot be serialised", e);
        }
    }

    private static Map<String, String> sorted(Map<String, String> values) {
        return values == null ? null : new TreeMap<>(values);
    }
}
