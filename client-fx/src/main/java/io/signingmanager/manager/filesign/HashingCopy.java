package io.signingmanager.manager.filesign;

import io.signingmanager.common.crypto.HashAlgorithm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Copies the input to the file that gets signed while hashing it, in one pass: the SHA-256 the
 * audit records is that of exactly the bytes signed, even if the input changes meanwhile.
 */
final class HashingCopy {
    private static final int BUFFER = 1 << 20;

    private HashingCopy() {
    }

    /** Copies {@code from} over {@code to} and answers the SHA-256 (lower-case hex) of what was copied. */
    static String copy(Path from, Path to, HashProgress progress) throws IOException {
        MessageDigest sha256 = HashAlgorithm.SHA256.newDigest();
        long total = Files.size(from);
        long done = 0;
        byte[] buffer = new byte[(int) Math.max(1, Math.min(BUFFER, total))];
        try (InputStream in = Files.newInputStream(from); OutputStream out = Files.newOutputStream(to)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                sha256.update(buffer, 0, read);
                out.write(buffer, 0, read);
                done += read;
                progress.hashed(done, total);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
