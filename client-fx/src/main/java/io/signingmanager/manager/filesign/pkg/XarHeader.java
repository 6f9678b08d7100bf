package io.signingmanager.manager.filesign.pkg;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The header of a xar archive (xar.h): magic {@code xar!}, header size, version, the compressed and
 * uncompressed lengths of the TOC, and the TOC checksum's algorithm (1 SHA-1, 2 MD5, 3 named after
 * the fixed part, like {@code sha256}). All big-endian.
 */
record XarHeader(byte[] bytes, long tocCompressedLength, long tocUncompressedLength, int checksumAlgorithm,
        String checksumName) {
    static final int MAGIC = 0x78617221;
    /** The fixed part; a header naming its checksum algorithm is longer. */
    static final int FIXED_SIZE = 28;
    private static final int NONE = 0;
    private static final int SHA1 = 1;
    private static final int MD5 = 2;
    private static final int OTHER = 3;

    /** Reads the header at the start of {@code start}, which holds at least its first 28 bytes and the name. */
    static XarHeader read(byte[] start) throws IOException {
        if (start.length < FIXED_SIZE) {
            throw new IOException("not a xar archive: shorter than a xar header");
        }
        ByteBuffer buffer = ByteBuffer.wrap(start);
        if (buffer.getInt() != MAGIC) {
            throw new IOException("not a xar archive: no xar! magic");
        }
        int size = Short.toUnsignedInt(buffer.getShort());
        buffer.getShort(); // version
        long compressed = buffer.getLong();
        long uncompressed = buffer.getLong();
        int algorithm = buffer.getInt();
        if (size < FIXED_SIZE || size > start.length) {
            throw new IOException("not a xar archive: header size " + size);
        }
        String name = switch (algorithm) {
            case NONE -> "none";
            case SHA1 -> "sha1";
            case MD5 -> "md5";
            case OTHER -> nulTerminated(start, FIXED_SIZE, size);
            default -> throw new IOException("unknown xar checksum algorithm " + algorithm);
        };
        byte[] bytes = new byte[size];
        System.arraycopy(start, 0, bytes, 0, size);
        return new XarHeader(bytes, compressed, uncompressed, algorithm, name);
    }

    int size() {
        return bytes.length;
    }

    /** The same header for a TOC of other lengths. */
    byte[] withTocLengths(long compressed, long uncompressed) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putLong(8, compressed).putLong(16, uncompressed);
        return copy;
    }

    private static String nulTerminated(byte[] bytes, int from, int to) {
        int end = from;
        while (end < to && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, from, end - from, StandardCharsets.US_ASCII);
    }
}
