package io.signingmanager.service.secrets;

import io.signingmanager.common.crypto.HashAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random bearer secrets (API keys, client and session tokens) and the hash they are looked up by. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    // Every client call hashes its token: one digest per thread, not a provider lookup per call.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(HashAlgorithm.SHA256::newDigest);

    private Tokens() {
    }

    /** A prefix that says what the secret is, then 256 random bits in base64url. */
    public static String generate(String prefix) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 in hex: the only form in which a token is looked up. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(SHA256.get().digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
