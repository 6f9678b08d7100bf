package io.signingmanager.service.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A file encrypted under a passphrase in the age format (C2SP age v1, https://age-encryption.org/v1) with its
 * one scrypt recipient: the standard {@code age} tool opens a backup without us ({@code age -d backup.age}),
 * and makes one we open. The payload is ChaCha20-Poly1305 in 64 KiB chunks whose nonces count them and mark
 * the last, so a truncated, reordered or altered file fails at the chunk where it was changed.
 */
public final class AgeEncryption {
    /** scrypt's work factor, log2 N, as age itself uses by default (about a second here). */
    public static final int WORK_FACTOR = 18;
    /** The largest work factor a file may ask of us: more would let a file make us work for minutes. */
    static final int MAX_WORK_FACTOR = 22;
    private static final String VERSION_LINE = "age-encryption.org/v1";
    private static final String SCRYPT_LABEL = "age-encryption.org/v1/scrypt";
    private static final int CHUNK = 64 * 1024;
    private static final int TAG = 16;
    private static final int FILE_KEY = 16;
    private static final int SALT = 16;
    private static final int NONCE = 16;
    private static final int MAX_HEADER = 4096;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private AgeEncryption() {
    }

    /** Writes {@code in} to {@code out} encrypted under the passphrase. */
    public static void encrypt(InputStream in, OutputStream out, char[] passphrase, int workFactor) throws IOException {
        byte[] fileKey = random(FILE_KEY);
        byte[] salt = random(SALT);
        byte[] wrapped = seal(wrapKey(passphrase, salt, workFactor), new byte[12], fileKey, fileKey.length);
        String withoutMac = VERSION_LINE + "\n-> scrypt " + B64.encodeToString(salt) + " " + workFactor + "\n"
                + wrap(B64.encodeToString(wrapped)) + "---";
        out.write((withoutMac + " " + B64.encodeToString(headerMac(fileKey, withoutMac)) + "\n").getBytes(StandardCharsets.US_ASCII));
        byte[] nonce = random(NONCE);
        out.write(nonce);
        byte[] key = hkdf(fileKey, nonce, "payload");
        byte[] chunk = new byte[CHUNK];
        int length = in.readNBytes(chunk, 0, CHUNK);
        long counter = 0;
        while (true) {
            byte[] next = new byte[CHUNK];
            int nextLength = length == CHUNK ? in.readNBytes(next, 0, CHUNK) : 0;
            boolean last = nextLength == 0;
            out.write(seal(key, chunkNonce(counter++, last), chunk, length));
            if (last) {
                return;
            }
            chunk = next;
            length = nextLength;
        }
    }

    /**
     * Writes the plaintext of {@code in} to {@code out}; a wrong passphrase, an altered or truncated file is
     * refused in words. {@code out} may hold the chunks before the one that failed: write to a place that
     * is thrown away on failure.
     */
    public static void decrypt(InputStream in, OutputStream out, char[] passphrase) throws IOException, BackupRefused {
        Header header = Header.read(in);
        byte[] fileKey;
        try {
            fileKey = open(wrapKey(passphrase, header.salt, header.workFactor), new byte[12], header.wrapped);
        } catch (BadTag e) {
            throw new BackupRefused("The passphrase does not open this backup.");
        }
        if (!MessageDigest.isEqual(headerMac(fileKey, header.withoutMac), header.mac)) {
            throw new BackupRefused("The backup's header was altered (its MAC does not match).");
        }
        byte[] nonce = in.readNBytes(NONCE);
        if (nonce.length < NONCE) {
            throw new BackupRefused("The backup is truncated: it ends before its payload.");
        }
        byte[] key = hkdf(fileKey, nonce, "payload");
        byte[] chunk = in.readNBytes(CHUNK + TAG);
        long counter = 0;
        while (true) {
            byte[] next = chunk.length == CHUNK + TAG ? in.readNBytes(CHUNK + TAG) : new byte[0];
            boolean last = next.length == 0;
            if (chunk.length < TAG || (last && counter > 0 && chunk.length == TAG)) {
                throw new BackupRefused("The backup is truncated or damaged after " + counter * CHUNK + " bytes.");
            }
            try {
                out.write(open(key, chunkNonce(counter, last), chunk));
            } catch (BadTag e) {
                throw new BackupRefused(last ? "The backup is truncated or altered after " + counter * CHUNK + " bytes."
                        : "The backup was altered between bytes " + counter * CHUNK + " and " + (counter + 1) * CHUNK + ".");
            }
            if (last) {
                return;
            }
            counter++;
            chunk = next;
        }
    }

    /** The header as read: the scrypt stanza, the text its MAC covers, and the MAC. */
    private record Header(byte[] salt, int workFactor, byte[] wrapped, String withoutMac, byte[] mac) {
        static Header read(InputStream in) throws IOException, BackupRefused {
            String version = line(in);
            if (!version.equals(VERSION_LINE)) {
                throw new BackupRefused("This is not a backup of the Signing Service (no age-encryption.org/v1 header).");
            }
            String[] stanza = line(in).split(" ", -1);
            if (stanza.length != 4 || !stanza[0].equals("->") || !stanza[1].equals("scrypt")) {
                throw new BackupRefused("The backup is not encrypted under a passphrase (its one recipient must be scrypt).");
            }
            byte[] salt = base64(stanza[2], SALT);
            int workFactor = workFactor(stanza[3]);
            StringBuilder body = new StringBuilder();
            String bodyLine;
            do {
                bodyLine = line(in);
                body.append(bodyLine);
            } while (bodyLine.length() == 64);
            byte[] wrapped = base64(body.toString(), FILE_KEY + TAG);
            String macLine = line(in);
            if (!macLine.startsWith("--- ")) {
                throw new BackupRefused("The backup's header has more than one recipient, or is damaged.");
            }
            String withoutMac = VERSION_LINE + "\n" + String.join(" ", stanza) + "\n" + wrap(body.toString()) + "---";
            return new Header(salt, workFactor, wrapped, withoutMac, base64(macLine.substring(4), 32));
        }

        private static int workFactor(String text) throws BackupRefused {
            if (!text.matches("[1-9][0-9]?")) {
                throw new BackupRefused("The backup's scrypt work factor is not a number.");
            }
            int value = Integer.parseInt(text);
            if (value > MAX_WORK_FACTOR) {
                throw new BackupRefused("The backup asks for scrypt work factor " + value + "; at most " + MAX_WORK_FACTOR
                        + " is accepted.");
            }
            return value;
        }
    }

    /** One header line without its line end; a header longer than a few KiB is no backup of ours. */
    private static String line(InputStream in) throws IOException, BackupRefused {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new BackupRefused("The backup is truncated: it ends inside its header.");
            }
            if (c < 0x20 || c > 0x7e || line.size() > MAX_HEADER) {
                throw new BackupRefused("This is not a backup of the Signing Service (its header is not age's).");
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Strict base64 as age writes it: no padding, canonical, exactly that many bytes. */
    private static byte[] base64(String text, int length) throws BackupRefused {
        try {
            byte[] bytes = B64_DECODER.decode(text);
            if (text.endsWith("=") || bytes.length != length || !B64.encodeToString(bytes).equals(text)) {
                throw new IllegalArgumentException();
            }
            return bytes;
        } catch (IllegalArgumentException e) {
            throw new BackupRefused("The backup's header is damaged (bad base64).");
        }
    }

    /** Base64 text in lines of 64 characters, each ended; the last shorter than 64 (empty when needed). */
    private static String wrap(String text) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i <= text.length(); i += 64) {
            lines.append(text, i, Math.min(text.length(), i + 64)).append('\n');
        }
        return lines.toString();
    }

    private static byte[] wrapKey(char[] passphrase, byte[] salt, int workFactor) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(passphrase));
        byte[] password = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        byte[] label = SCRYPT_LABEL.getBytes(StandardCharsets.US_ASCII);
        byte[] fullSalt = Arrays.copyOf(label, label.length + salt.length);
        System.arraycopy(salt, 0, fullSalt, label.length, salt.length);
        try {
            return SCrypt.generate(password, fullSalt, 1 << workFactor, 8, 1, 32);
        } finally {
            Arrays.fill(password, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }

    private static byte[] headerMac(byte[] fileKey, String withoutMac) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(hkdf(fileKey, new byte[0], "header"), "HmacSHA256"));
            return mac.doFinal(withoutMac.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this JDK", e);
        }
    }

    private static byte[] hkdf(byte[] key, byte[] salt, String info) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(key, salt, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[32];
        hkdf.generateBytes(out, 0, out.length);
        return out;
    }

    /** The STREAM nonce: the chunk's number in 11 big-endian bytes, then 1 for the last chunk, else 0. */
    private static byte[] chunkNonce(long counter, boolean last) {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[10 - i] = (byte) (counter >>> (8 * i));
        }
        nonce[11] = (byte) (last ? 1 : 0);
        return nonce;
    }

    /** A tag that does not verify. */
    private static final class BadTag extends Exception {
        BadTag(Throwable cause) {
            super(cause);
        }
    }

    private static byte[] seal(byte[] key, byte[] nonce, byte[] data, int length) {
        try {
            return chacha(Cipher.ENCRYPT_MODE, key, nonce).doFinal(data, 0, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed to encrypt", e);
        }
    }

    private static byte[] open(byte[] key, byte[] nonce, byte[] sealed) throws BadTag {
        try {
            return chacha(Cipher.DECRYPT_MODE, key, nonce).doFinal(sealed);
        } catch (AEADBadTagException e) {
            throw new BadTag(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 failed to decrypt", e);
        }
    }

    private static Cipher chacha(int mode, byte[] key, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
        cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        return cipher;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
