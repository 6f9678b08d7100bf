package net.jsign.pe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * jsign's PE file with a faster image checksum. jsign rewrites the checksum after it adds the signature,
 * folding its sum at every word (1.7 s of CPU for 1 GiB here, more than the file's SHA-256); this
 * computes the same value as a plain sum of little-endian 32-bit words read a megabyte at a time, folded
 * once at the end (0.44 s for 1 GiB). It reads the file through a channel of its own: jsign writes
 * through its channel without buffering.
 *
 * <p>It lives in jsign's package because jsign 7.4 keeps {@code computeChecksum} package-private; the
 * Signing Manager runs from one class path, so the package is one at run time too, and
 * {@code QuickChecksumPeFileTest} holds the value to jsign's own.
 */
public final class QuickChecksumPeFile extends PEFile {
    private static final int BUFFER = 1 << 20;
    private static final long MAX_UNSIGNED_INT = 0x100000000L;
    // The checksum's place in the optional header, from the PE signature.
    private static final int CHECKSUM_FIELD = 88;
    private static final int PE_OFFSET_FIELD = 0x3C;

    private final Path path;

    public QuickChecksumPeFile(Path path) throws IOException {
        super(path.toFile());
        this.path = path;
    }

    @Override
    synchronized long computeChecksum() {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            return checksum(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " for its PE checksum", e);
        }
    }

    /**
     * jsign's value, computed as a plain sum: jsign adds the words up, folding the sum into 32 bits
     * (subtracting 2^32 - 1) whenever it passes 2^32, so it ends on the sum itself when that never passed
     * 2^32, else on the remainder modulo 2^32 - 1 taken in [2, 2^32]. Then folded into 16 bits plus the length.
     */
    static long checksum(FileChannel file) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        long checksumAt = peHeaderOffset(file, buffer) + CHECKSUM_FIELD;
        int[] words = new int[BUFFER / 4];
        long sum = 0;
        long length = 0;
        file.position(0);
        buffer.clear();
        while (file.read(buffer) > 0) {
            buffer.flip();
            int count = buffer.remaining() / 4;
            buffer.asIntBuffer().get(words, 0, count);
            for (int i = 0; i < count; i++) {
                sum += words[i] & 0xFFFFFFFFL;
            }
            length += 4L * count;
            buffer.position(4 * count);
            buffer.compact();
        }
        // A length that is no multiple of 4 (never after jsign pads the file) counts its last bytes as a word.
        for (int i = buffer.position() - 1; i >= 0; i--) {
            sum += (buffer.get(i) & 0xFFL) << (8 * i);
        }
        length += buffer.position();
        if (checksumAt % 4 == 0 && checksumAt + 4 <= length) {
            buffer.clear().limit(4);
            file.read(buffer, checksumAt);
            sum -= buffer.getInt(0) & 0xFFFFFFFFL;
        }
        long folded = sum <= MAX_UNSIGNED_INT ? sum : remainderFrom2(sum % (MAX_UNSIGNED_INT - 1));
        folded = (folded >> 16) + (folded & 0xFFFF);
        folded = (folded >> 16) + folded;
        return (folded & 0xFFFF) + length;
    }

    private static long remainderFrom2(long remainder) {
        return remainder < 2 ? remainder + MAX_UNSIGNED_INT - 1 : remainder;
    }

    private static long peHeaderOffset(FileChannel file, ByteBuffer buffer) throws IOException {
        buffer.clear().limit(4);
        file.read(buffer, PE_OFFSET_FIELD);
        return buffer.getInt(0) & 0xFFFFFFFFL;
    }
}
