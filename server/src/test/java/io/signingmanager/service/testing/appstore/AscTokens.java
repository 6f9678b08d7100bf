package io.signingmanager.service.testing.appstore;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a request's bearer token as App Store Connect does: header {@code alg} ES256, {@code kid} a
 * known Key ID, {@code typ} JWT; claims {@code iss} the key's issuer, {@code aud} appstoreconnect-v1,
 * {@code iat} and {@code exp} at most 20 minutes apart, not expired; the signature (JOSE r||s) with the
 * key's public half. Every failure is the same 401, as Apple's is; {@link #lastProblem} tells tests why.
 */
final class AscTokens {
    static final Duration MAX_LIFETIME = Duration.ofMinutes(20);
    /** Clocks differ a little between a client and Apple; a token from slightly in the future still passes. */
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private volatile String lastProblem;

    private AscTokens() {
    }

    static AscTokens checker() {
        return new AscTokens();
    }

    /** Why the last token was refused, in words ({@code null} before any refusal). */
    String lastProblem() {
        return lastProblem;
    }

    /** The key whose token this is, or a 401. {@code keys} looks up a Key ID among the keys not revoked. */
    AscTeamKey check(String authorization, Instant now, Function<String, Optional<AscTeamKey>> keys) throws AscError {
        String problem;
        try {
            return verified(authorization, now, keys);
        } catch (Refused e) {
            problem = e.getMessage();
        }
        lastProblem = problem;
        throw AscError.notAuthorized();
    }

    /** The token's claims, read without checking anything, for the request log; empty when unreadable. */
    static Map<String, Object> claims(String authorization) {
        try {
            return part(token(authorization), 1);
        } catch (Refused e) {
            return Map.of();
        }
    }

    private AscTeamKey verified(String authorization, Instant now, Function<String, Optional<AscTeamKey>> keys) throws Refused {
        String[] parts = token(authorization);
        Map<String, Object> header = part(parts, 0);
        Map<String, Object> claims = part(parts, 1);
        require("ES256".equals(header.get("alg")), "alg is " + header.get("alg") + ", not ES256");
        require("JWT".equals(header.get("typ")), "typ is " + header.get("typ") + ", not JWT");
        AscTeamKey key = keys.apply(String.valueOf(header.get("kid")))
                .orElseThrow(() -> new Refused("kid " + header.get("kid") + " is no key of any team, or the key was revoked"));
        require(key.issuerId().equals(claims.get("iss")), "iss " + claims.get("iss") + " is not the key's issuer " + key.issuerId());
        require("appstoreconnect-v1".equals(claims.get("aud")), "aud is " + claims.get("aud") + ", not appstoreconnect-v1");
        require(claims.get("iat") instanceof Number && claims.get("exp") instanceof Number, "iat and exp must be numbers");
        Instant issued = Instant.ofEpochSecond(((Number) claims.get("iat")).longValue());
        Instant expires = Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
        require(!issued.isAfter(now.plus(SKEW)), "iat " + issued + " is in the future (now " + now + ")");
        require(!expires.isAfter(issued.plus(MAX_LIFETIME)), "exp is more than 20 minutes after iat");
        require(expires.isAfter(now), "the token expired at " + expires + " (now " + now + ")");
        byte[] signature = decode(parts[2]);
        require(signature.length == 64, "the signature is " + signature.length + " bytes, not 64 bytes (JOSE r||s; DER is wrong here)");
        require(verifies(key, parts[0] + "." + parts[1], signature), "the signature does not verify with key " + key.keyId());
        return key;
    }

    private static boolean verifies(AscTeamKey key, String signed, byte[] signature) throws Refused {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
            verifier.initVerify(key.publicKey());
            verifier.update(signed.getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new Refused("the signature cannot be checked: " + e.getMessage());
        }
    }

    private static String[] token(String authorization) throws Refused {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw new Refused("no Authorization: Bearer header");
        }
        String[] parts = authorization.substring("Bearer ".length()).trim().split("\\.", -1);
        if (parts.length != 3) {
            throw new Refused("the token has " + parts.length + " parts, not 3");
        }
        return parts;
    }

    private static Map<String, Object> part(String[] parts, int index) throws Refused {
        try {
            return JSON.readValue(decode(parts[index]), MAP);
        } catch (java.io.IOException e) {
            throw new Refused("part " + (index + 1) + " of the token is not JSON");
        }
    }

    private static byte[] decode(String part) throws Refused {
        if (part.contains("=")) {
            throw new Refused("the token is padded; JWTs use base64url without padding");
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new Refused("a part of the token is not base64url");
        }
    }

    private static void require(boolean condition, String problem) throws Refused {
        if (!condition) {
            throw new Refused(problem);
        }
    }

    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }
}
