package net.jsign.pe;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;

/**
 * The sum of a byte stream's little-endian 32-bit words, unfolded, as the PE image checksum adds them
 * up; a last word of fewer than 4 bytes counts as if padded with zeros. Fed in chunks of any length.
 */
public final class WordSum {
    private static final int READ_BUFFER = 1 << 20;
    private static final int SCRATCH_WORDS = 1 << 14;

    private final int[] scratch = new int[SCRATCH_WORDS];
    private long sum;
    private long length;
    /** The bytes of a word not complete yet, in place; {@code length % 4} of them. */
    private long partial;

    /** The sum of that file's words from {@code from} (a multiple of 4) to its end. */
    static WordSum of(FileChannel file, long from) throws IOException {
        WordSum words = new WordSum();
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER);
        long at = from;
        for (int read; (read = file.read(buffer.clear(), at)) > 0; at += read) {
            words.add(buffer.flip());
        }
        return words;
    }

    /** Adds the chunk's remaining bytes (its position is left as it was). */
    public void add(ByteBuffer chunk) {
        ByteBuffer bytes = chunk.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        while (length % 4 != 0 && bytes.hasRemaining()) {
            addByte(bytes.get());
        }
        IntBuffer ints = bytes.asIntBuffer();
        while (ints.hasRemaining()) {
            int count = Math.min(ints.remaining(), SCRATCH_WORDS);
            ints.get(scratch, 0, count);
            for (int i = 0; i < count; i++) {
                sum += scratch[i] & 0xFFFFFFFFL;
            }
            length += 4L * count;
        }
        bytes.position(bytes.position() + 4 * ints.position());
        while (bytes.hasRemaining()) {
            addByte(bytes.get());
        }
    }

    private void addByte(byte value) {
        partial |= (value & 0xFFL) << (8 * (length % 4));
        length++;
        if (length % 4 == 0) {
            sum += partial;
            partial = 0;
        }
    }

    /** The sum so far, a last incomplete word included. */
    public long sum() {
        return sum + partial;
    }

    public long length() {
        return length;
    }
}
