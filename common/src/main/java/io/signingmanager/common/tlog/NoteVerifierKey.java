package io.signingmanager.common.tlog;

import io.signingmanager.common.crypto.HashAlgorithm;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A C2SP signed-note verifier key for Ed25519: the key's {@code name} (no spaces, no plus sign), its
 * 32-byte public key, and the key ID that signature lines carry, the first four bytes of
 * {@code SHA-256(name || 0x0A || 0x01 || public key)}. As text:
 * {@code <name>+<key ID, 8 hex digits>+<base64 of 0x01 || public key>}.
 */
public record NoteVerifierKey(String name, byte[] publicKey) {
    /** The signature type of Ed25519 in key IDs and verifier keys. */
    static final byte ED25519 = 0x01;
    static final int PUBLIC_KEY_SIZE = 32;

    public NoteVerifierKey {
        if (!validName(name)) {
            throw new IllegalArgumentException("A note key's name is non-empty, without spaces or '+': \"" + name + "\"");
        }
        if (publicKey.length != PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("An Ed25519 public key has 32 bytes, not " + publicKey.length);
        }
        publicKey = publicKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The key ID, as signature lines start with it. */
    public int keyId() {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] hashed = ByteBuffer.allocate(nameBytes.length + 2 + PUBLIC_KEY_SIZE).put(nameBytes).put((byte) '\n')
                .put(ED25519).put(publicKey).array();
        return ByteBuffer.wrap(HashAlgorithm.SHA256.digest(hashed)).getInt();
    }

    /** {@code <name>+<key ID hex>+<base64(0x01 || public key)>}. */
    @Override
    public String toString() {
        byte[] typed = ByteBuffer.allocate(1 + PUBLIC_KEY_SIZE).put(ED25519).put(publicKey).array();
        return name + "+" + HexFormat.of().toHexDigits(keyId()) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** The key of that text, if it is an Ed25519 verifier key whose key ID matches its name and key. */
    public static Optional<NoteVerifierKey> parse(String text) {
        // The base64 key may hold plus signs itself; the name may not.
        String[] parts = text.strip().split("\\+", 3);
        if (parts.length != 3 || !validName(parts[0]) || !parts[1].matches("[0-9a-f]{8}")) {
            return Optional.empty();
        }
        byte[] typed;
        try {
            typed = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (typed.length != 1 + PUBLIC_KEY_SIZE || typed[0] != ED25519) {
            return Optional.empty();
        }
        NoteVerifierKey key = new NoteVerifierKey(parts[0], Arrays.copyOfRange(typed, 1, typed.length));
        return HexFormat.of().toHexDigits(key.keyId()).equals(parts[1]) ? Optional.of(key) : Optional.empty();
    }

    static boolean validName(String name) {
        return name != null && !name.isEmpty() && name.codePoints().noneMatch(c -> c == '+' || Character.isWhitespace(c)
                || Character.isSpaceChar(c) || Character.isISOControl(c));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteVerifierKey key && key.name.equals(name) && Arrays.equals(key.publicKey, publicKey);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(publicKey);
    }
}
