package io.signingmanager.service.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.json.Json;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.TreeMap;

/** The chain link: SHA-256 over a record's fields, in a fixed order, and the hash before it. */
final class AuditHash {
    static final String GENESIS = "0".repeat(64);

    private AuditHash() {
    }

    static String of(AuditRecord r) {
        Object[] fields = {r.id(), r.time().toString(), r.requestType(), r.status(), r.reason(), r.apiKeyId(),
            r.apiKeyName(), r.clientId(), r.clientHostname(), r.certificateSha1(), r.certificateName(),
            r.algorithm(), r.remoteAddress(), r.username(), new TreeMap<>(r.context()), r.previousHash()};
        try {
            byte[] canonical = Json.mapper().writeValueAsBytes(Arrays.asList(fields));
            return HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Audit record cannot be serialised", e);
        }
    }
}
