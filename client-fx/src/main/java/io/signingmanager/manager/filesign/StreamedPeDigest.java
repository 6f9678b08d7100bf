package io.signingmanager.manager.filesign;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import net.jsign.DigestAlgorithm;
import net.jsign.pe.QuickChecksumPeFile;
import net.jsign.pe.WordSum;

/**
 * The Authenticode digest of a PE file, made from the bytes {@link HashingCopy} streams by, so that jsign
 * does not read a large file a second time to hash it. Authenticode hashes the whole file but the image
 * checksum, the certificate table's directory entry and the certificate table itself, and pads a file
 * with no table to a multiple of 8 bytes; where those are is read from the file's first chunk, as jsign
 * reads it. {@link QuickChecksumPeFile} uses the digest only if jsign's own reading of the copy finds the
 * same places, and lets jsign hash the file otherwise (a header beyond the first chunk, a table that
 * overlaps the header or runs past the end).
 */
final class StreamedPeDigest implements HashingCopy.ChunkHash {
    private static final int PE_OFFSET_FIELD = 0x3C;
    private static final int PE32_MAGIC = 0x10B;
    private static final int CHECKSUM_FIELD = 88;
    private static final int CERTIFICATE_TABLE = 4;

    private final DigestAlgorithm algorithm;
    private final MessageDigest digest;
    private final WordSum words = new WordSum();
    private Layout layout;
    private long position;
    private QuickChecksumPeFile.Known.Prefix prefix;

    StreamedPeDigest(DigestAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.digest = algorithm.getMessageDigest();
    }

    @Override
    public void update(ByteBuffer chunk) {
        if (position == 0) {
            layout = Layout.of(chunk).orElse(null);
        }
        long start = position;
        position += chunk.remaining();
        if (layout == null) {
            return;
        }
        long from = start;
        for (Skip skip : layout.skipped()) {
            hash(chunk, start, from, Math.min(position, skip.from()));
            from = Math.max(from, skip.to());
        }
        hash(chunk, start, from, position);
        words.add(chunk);
        if (position % 4 == 0 && (layout.tableSize() == 0 || position <= layout.tableAt())) {
            prefix = new QuickChecksumPeFile.Known.Prefix(position, words.sum(), layout.checksumWord(),
                    layout.tableEntryWords());
        }
    }

    /** The digest with the places it left out, or nothing if the file's layout is not one it can stream. */
    Optional<QuickChecksumPeFile.Known> result() {
        if (layout == null || layout.tableSize() > 0 && layout.tableAt() + layout.tableSize() > position) {
            return Optional.empty();
        }
        if (layout.tableSize() == 0) {
            digest.update(new byte[(int) ((8 - position % 8) % 8)]);
        }
        return Optional.of(new QuickChecksumPeFile.Known(layout.checksumAt(), layout.tableEntryAt(), layout.tableAt(),
                layout.tableSize(), position, algorithm, digest.digest(), prefix));
    }

    private void hash(ByteBuffer chunk, long chunkStart, long from, long to) {
        if (from < to) {
            ByteBuffer piece = chunk.duplicate();
            piece.limit(chunk.position() + (int) (to - chunkStart)).position(chunk.position() + (int) (from - chunkStart));
            digest.update(piece);
        }
    }

    /** A range of the file left out of the digest, {@code from} inclusive, {@code to} exclusive. */
    private record Skip(long from, long to) {
    }

    /**
     * Where the checksum, the table's entry and the table are (a table size of 0 is no table), and the
     * words of the first two.
     */
    private record Layout(long checksumAt, long tableEntryAt, long tableAt, long tableSize, long checksumWord,
                          long tableEntryWords) {

        static Optional<Layout> of(ByteBuffer first) {
            ByteBuffer header = first.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int base = header.position();
            int length = header.remaining();
            if (length < PE_OFFSET_FIELD + 4) {
                return Optional.empty();
            }
            long pe = header.getInt(base + PE_OFFSET_FIELD) & 0xFFFFFFFFL;
            long directory = pe + (pe + 26 <= length && (header.getShort(base + (int) pe + 24) & 0xFFFF) == PE32_MAGIC
                    ? 120 : 136);
            long entry = directory + 8L * CERTIFICATE_TABLE;
            if (entry + 8 > length) {
                return Optional.empty();
            }
            // The count of directory entries sits just before them.
            long entries = header.getInt(base + (int) directory - 4) & 0xFFFFFFFFL;
            long tableAt = header.getInt(base + (int) entry) & 0xFFFFFFFFL;
            long tableSize = header.getInt(base + (int) entry + 4);
            boolean table = entries > CERTIFICATE_TABLE && tableAt != 0 && tableSize != 0;
            long checksumWord = header.getInt(base + (int) pe + CHECKSUM_FIELD) & 0xFFFFFFFFL;
            Layout layout = new Layout(pe + CHECKSUM_FIELD, entry, table ? tableAt : 0, table ? tableSize : 0, checksumWord,
                    tableAt + (tableSize & 0xFFFFFFFFL));
            return layout.inOrder() ? Optional.of(layout) : Optional.empty();
        }

        private boolean inOrder() {
            return checksumAt + 4 <= tableEntryAt && (tableSize == 0 || tableSize > 0 && tableEntryAt + 8 <= tableAt);
        }

        List<Skip> skipped() {
            Skip checksum = new Skip(checksumAt, checksumAt + 4);
            Skip entry = new Skip(tableEntryAt, tableEntryAt + 8);
            return tableSize == 0 ? List.of(checksum, entry) : List.of(checksum, entry, new Skip(tableAt, tableAt + tableSize));
        }
    }
}
