package io.signingmanager.service.appstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signingmanager.service.failure.Refusal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bearer tokens of App Store Connect: ES256 JWTs (header {@code alg}, {@code kid}, {@code typ};
 * claims {@code iss}, {@code iat}, {@code exp}, {@code aud}) that live {@link #LIFETIME}, Apple's most.
 * One is cached per key and a new one made {@link #RENEW_BEFORE} before it expires, by the service's
 * clock; a token Apple refused is dropped with {@link #forget}. Tokens are never logged.
 */
final class ConnectTokens {
    static final Duration LIFETIME = Duration.ofMinutes(20);
    static final Duration RENEW_BEFORE = Duration.ofMinutes(1);
    static final String AUDIENCE = "appstoreconnect-v1";
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private record Token(String value, Instant renewAt) {
    }

    private final SealedConnectKeys keys;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    ConnectTokens(SealedConnectKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** The key's current token, made now when there is none or it is due for renewal. */
    String token(String connectKeyId) throws Refusal {
        Instant now = clock.instant();
        Token cached = cache.get(connectKeyId);
        if (cached != null && now.isBefore(cached.renewAt())) {
            return cached.value();
        }
        ConnectKey key = keys.get(connectKeyId);
        Token fresh = new Token(sign(key, keys.open(connectKeyId), now), now.plus(LIFETIME).minus(RENEW_BEFORE));
        cache.put(connectKeyId, fresh);
        return fresh.value();
    }

    /** Drops the key's cached token, so that the next call makes a new one (after a 401, or once the key is gone). */
    void forget(String connectKeyId) {
        cache.remove(connectKeyId);
    }

    private String sign(ConnectKey key, ECPrivateKey privateKey, Instant now) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "ES256");
        header.put("kid", key.keyId());
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", key.issuerId());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        claims.put("aud", AUDIENCE);
        try {
            String signed = URL.encodeToString(json.writeValueAsBytes(header)) + "."
                    + URL.encodeToString(json.writeValueAsBytes(claims));
            // JOSE wants the raw r||s of 32 bytes each, not the DER sequence the plain ECDSA Signature makes.
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(privateKey);
            ecdsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + URL.encodeToString(joseSignature(ecdsa.sign()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("An App Store Connect token cannot be signed", e);
        }
    }

    /** DER {@code SEQUENCE { INTEGER r, INTEGER s }} to the 64 bytes r||s, each unsigned and left-padded. */
    static byte[] joseSignature(byte[] der) {
        int offset = 2;
        if ((der[1] & 0x80) != 0) {
            offset += der[1] & 0x7f; // long-form length; never for P-256, but harmless
        }
        byte[] jose = new byte[64];
        for (int part = 0; part < 2; part++) {
            if (der[offset] != 0x02) {
                throw new IllegalArgumentException("Not a DER ECDSA signature");
            }
            int length = der[offset + 1];
            int start = offset + 2;
            int end = start + length;
            // Skip the sign byte of a 33-byte integer; shorter ones go right-aligned.
            int from = Math.max(start, end - 32);
            System.arraycopy(der, from, jose, part * 32 + 32 - (end - from), end - from);
            offset = end;
        }
        return jose;
    }
}
