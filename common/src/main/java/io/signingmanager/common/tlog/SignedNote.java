package io.signingmanager.common.tlog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * C2SP signed notes with Ed25519 keys: a text of non-empty lines, each ending with a newline, then a blank
 * line and signature lines {@code — <key name> <base64(key ID, 4 bytes big-endian || signature)>}. The
 * signature covers the text with its last newline. Opening a note follows the spec's trust rule: lines of
 * unknown keys are ignored, and one line of the known key that does not verify rejects the note.
 */
public final class SignedNote {
    /** The em dash and space that start a signature line. */
    static final String SIGNATURE_START = "\u2014 ";
    /** Go's limit on signature lines, kept for the same reason: a note is read before it is trusted. */
    static final int MAX_SIGNATURES = 100;
    static final int MAX_NOTE_CHARS = 1 << 20;
    private static final int SIGNATURE_SIZE = 64;

    private SignedNote() {
    }

    /** The note of {@code text} signed by that key, named as {@code key} says. */
    public static String sign(String text, NoteVerifierKey key, Ed25519PrivateKeyParameters privateKey) {
        if (!validText(text)) {
            throw new IllegalArgumentException("A note's text is non-empty lines, each ending with a newline");
        }
        if (!Arrays.equals(privateKey.generatePublicKey().getEncoded(), key.publicKey())) {
            throw new IllegalArgumentException("The private key is not the one of " + key.name());
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        signer.update(body, 0, body.length);
        byte[] signature = ByteBuffer.allocate(4 + SIGNATURE_SIZE).putInt(key.keyId()).put(signer.generateSignature()).array();
        return text + "\n" + SIGNATURE_START + key.name() + " " + Base64.getEncoder().encodeToString(signature) + "\n";
    }

    /** The text of the note if that key signed it, else empty (not signed by it, a bad signature, a malformed note). */
    public static Optional<String> open(String note, NoteVerifierKey key) {
        if (note == null || note.length() > MAX_NOTE_CHARS || !note.endsWith("\n")) {
            return Optional.empty();
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return Optional.empty();
        }
        String text = note.substring(0, split + 1);
        String[] lines = note.substring(split + 2).split("\n", -1);
        // The last element is the empty string after the final newline.
        if (!validText(text) || lines.length < 2 || lines.length - 1 > MAX_SIGNATURES) {
            return Optional.empty();
        }
        boolean verified = false;
        for (int i = 0; i < lines.length - 1; i++) {
            Optional<byte[]> signature = signatureOf(lines[i]);
            if (signature.isEmpty()) {
                return Optional.empty();
            }
            String name = lines[i].substring(SIGNATURE_START.length(), lines[i].lastIndexOf(' '));
            byte[] bytes = signature.get();
            if (!name.equals(key.name()) || ByteBuffer.wrap(bytes).getInt() != key.keyId()) {
                continue;
            }
            if (bytes.length != 4 + SIGNATURE_SIZE || !verifies(text, key, Arrays.copyOfRange(bytes, 4, bytes.length))) {
                return Optional.empty();
            }
            verified = true;
        }
        return verified ? Optional.of(text) : Optional.empty();
    }

    /** A signature line's decoded signature (key ID first), or empty if the line is not one. */
    private static Optional<byte[]> signatureOf(String line) {
        int space = line.lastIndexOf(' ');
        if (!line.startsWith(SIGNATURE_START) || space <= SIGNATURE_START.length()
                || !NoteVerifierKey.validName(line.substring(SIGNATURE_START.length(), space))) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(line.substring(space + 1));
            return bytes.length > 4 ? Optional.of(bytes) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean verifies(String text, NoteVerifierKey key, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(key.publicKey()));
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        verifier.update(body, 0, body.length);
        return verifier.verifySignature(signature);
    }

    /** Non-empty lines, each ending with a newline, no control characters but the newlines. */
    static boolean validText(String text) {
        return !text.isEmpty() && text.endsWith("\n") && !text.startsWith("\n") && !text.contains("\n\n")
                && text.chars().noneMatch(c -> c < 0x20 && c != '\n' || c == 0x7F);
    }
}
