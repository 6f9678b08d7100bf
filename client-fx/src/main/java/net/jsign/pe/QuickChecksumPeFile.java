package net.jsign.pe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import net.jsign.DigestAlgorithm;

/**
 * jsign's PE file with a faster image checksum, and the Authenticode digest made while the file was
 * copied when there is one. jsign rewrites the checksum after it adds the signature,
 * folding its sum at every word (1.7 s of CPU for 1 GiB here, more than the file's SHA-256); this
 * computes the same value as a plain sum of little-endian 32-bit words read a megabyte at a time, folded
 * once at the end (0.44 s for 1 GiB). It reads the file through a channel of its own: jsign writes
 * through its channel without buffering.
 *
 * <p>It lives in jsign's package because jsign 7.4 keeps {@code computeChecksum} package-private; the
 * Signing Manager runs from one class path, so the package is one at run time too, and
 * {@code QuickChecksumPeFileTest} holds the value to jsign's own.
 *
 * <p>A {@link Known} digest is used only if this file's length and jsign's own reading of its layout
 * (the checksum's place, the certificate table's entry and the table) are those the digest left out;
 * otherwise jsign hashes the file as always.
 */
public final class QuickChecksumPeFile extends PEFile {
    private static final long MAX_UNSIGNED_INT = 0x100000000L;
    // The checksum's place in the optional header, from the PE signature.
    private static final int CHECKSUM_FIELD = 88;
    private static final int PE_OFFSET_FIELD = 0x3C;

    private final Path path;
    private final Known known;

    /**
     * An Authenticode digest of a file of that {@code length}, made leaving out the four bytes at
     * {@code checksumAt}, the eight at {@code tableEntryAt} and the table of {@code tableSize} bytes at
     * {@code tableAt} (a size of 0 for none, the digest then padded as jsign pads it); and the word sum
     * of the file's start for its checksum, {@code null} for none.
     */
    public record Known(long checksumAt, long tableEntryAt, long tableAt, long tableSize, long length,
                        DigestAlgorithm algorithm, byte[] digest, Prefix prefix) {

        /**
         * The {@link WordSum} of the file's first {@code end} bytes (a multiple of 4, before the table or
         * the end, which are all jsign rewrites but the checksum and the table's entry), and the words of
         * those two as they were then.
         */
        public record Prefix(long end, long sum, long checksumWord, long tableEntryWords) {
        }
    }

    /** The file at that path, with the digest made while it was copied, {@code null} for none. */
    public QuickChecksumPeFile(Path path, Known known) throws IOException {
        super(path.toFile());
        this.path = path;
        this.known = known;
    }

    @Override
    public synchronized byte[] computeDigest(DigestAlgorithm algorithm) throws IOException {
        return isKnown(algorithm) ? known.digest().clone() : super.computeDigest(algorithm);
    }

    private boolean isKnown(DigestAlgorithm algorithm) throws IOException {
        if (known == null || known.algorithm() != algorithm || channel.size() != known.length() || !samePlaces()) {
            return false;
        }
        DataDirectory table = getDataDirectory(DataDirectoryType.CERTIFICATE_TABLE);
        boolean hasTable = table != null && table.exists();
        return hasTable ? table.getVirtualAddress() == known.tableAt() && table.getSize() == known.tableSize()
                : known.tableSize() == 0;
    }

    /**
     * The checksum of the file as it is now, from the {@link Known.Prefix} and the rest of the file when
     * there is one: after jsign wrote the signature, the rest is the table alone.
     */
    @Override
    synchronized long computeChecksum() {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            return prefixHolds(file) ? fromPrefix(file) : checksum(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " for its PE checksum", e);
        }
    }

    private boolean prefixHolds(FileChannel file) throws IOException {
        Known.Prefix prefix = known == null ? null : known.prefix();
        return prefix != null && known.checksumAt() % 4 == 0 && known.tableEntryAt() % 4 == 0
                && known.tableEntryAt() + 8 <= prefix.end() && file.size() >= prefix.end() && samePlaces();
    }

    /** Whether jsign finds the checksum and the certificate table's entry where the known digest left them out. */
    private boolean samePlaces() throws IOException {
        return readDWord(0, PE_OFFSET_FIELD) + CHECKSUM_FIELD == known.checksumAt()
                && getDataDirectoryOffset() + 8L * DataDirectoryType.CERTIFICATE_TABLE.ordinal() == known.tableEntryAt();
    }

    private long fromPrefix(FileChannel file) throws IOException {
        Known.Prefix prefix = known.prefix();
        long entryAt = known.tableEntryAt();
        long sum = prefix.sum() - prefix.checksumWord() - prefix.tableEntryWords() + dword(file, entryAt)
                + dword(file, entryAt + 4) + WordSum.of(file, prefix.end()).sum();
        return fold(sum, file.size());
    }

    /**
     * jsign's value, computed as a plain sum: jsign adds the words up, folding the sum into 32 bits
     * (subtracting 2^32 - 1) whenever it passes 2^32, so it ends on the sum itself when that never passed
     * 2^32, else on the remainder modulo 2^32 - 1 taken in [2, 2^32]. Then folded into 16 bits plus the length.
     */
    static long checksum(FileChannel file) throws IOException {
        long checksumAt = dword(file, PE_OFFSET_FIELD) + CHECKSUM_FIELD;
        WordSum words = WordSum.of(file, 0);
        long sum = words.sum();
        if (checksumAt % 4 == 0 && checksumAt + 4 <= words.length()) {
            sum -= dword(file, checksumAt);
        }
        return fold(sum, words.length());
    }

    /** The checksum from a word sum without the checksum's own word, and the file's length. */
    private static long fold(long sum, long length) {
        long folded = sum <= MAX_UNSIGNED_INT ? sum : remainderFrom2(sum % (MAX_UNSIGNED_INT - 1));
        folded = (folded >> 16) + (folded & 0xFFFF);
        folded = (folded >> 16) + folded;
        return (folded & 0xFFFF) + length;
    }

    private static long remainderFrom2(long remainder) {
        return remainder < 2 ? remainder + MAX_UNSIGNED_INT - 1 : remainder;
    }

    private static long dword(FileChannel file, long at) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        file.read(buffer, at);
        return buffer.getInt(0) & 0xFFFFFFFFL;
    }
}
