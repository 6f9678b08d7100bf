package net.jsign.pe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import net.jsign.DigestAlgorithm;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuickChecksumPeFileTest {
    @TempDir
    Path folder;

    /** The same value as jsign's own checksum, on files around and across the read buffer's size. */
    @ParameterizedTest
    @CsvSource({"512, 128", "4096, 64", "1048576, 256", "1048584, 248", "3145736, 128", "5242880, 1048560"})
    void theChecksumIsJsigns(int size, int peOffset) throws Exception {
        Path file = folder.resolve("app-" + size + ".exe");
        Files.write(file, peLike(size, peOffset, new Random(size)));

        long jsigns;
        try (PEFile pe = new PEFile(file.toFile())) {
            jsigns = pe.computeChecksum();
        }
        try (QuickChecksumPeFile quick = new QuickChecksumPeFile(file, null)) {
            assertThat(quick.computeChecksum()).isEqualTo(jsigns);
        }
    }

    /** A file of few non-zero bytes, whose word sum never passes 2^32 (jsign never folds it). */
    @ParameterizedTest
    @CsvSource({"512, 128", "1048584, 64"})
    void aSmallSumIsJsignsToo(int size, int peOffset) throws Exception {
        Path file = folder.resolve("sparse-" + size + ".exe");
        byte[] bytes = peLike(size, peOffset, new Random(size));
        for (int i = 0; i < size; i++) {
            if (i > 0x40 && (i < peOffset || i >= peOffset + 4) && i % 4096 != 7) {
                bytes[i] = 0;
            }
        }
        Files.write(file, bytes);

        long jsigns;
        try (PEFile pe = new PEFile(file.toFile())) {
            jsigns = pe.computeChecksum();
        }
        try (QuickChecksumPeFile quick = new QuickChecksumPeFile(file, null)) {
            assertThat(quick.computeChecksum()).isEqualTo(jsigns);
        }
    }

    /**
     * After the file changes as jsign changes it when it signs (the certificate table's entry, and the
     * bytes from the end of the prefix on: a table written or replaced, the file longer or shorter, padded to
     * 8 bytes as jsign pads it), the checksum from the prefix's word sum is jsign's checksum of the changed file.
     */
    @ParameterizedTest
    @CsvSource({"5000, 4096, 1000", "5000, 4096, -504", "3145736, 2097152, 12344", "3145736, 3145736, 8"})
    void theChecksumFromAPrefixIsJsignsOfTheSignedFile(int size, int prefixEnd, int grown) throws Exception {
        byte[] before = peLike(size, 128, new Random(size + grown));
        ByteBuffer header = ByteBuffer.wrap(before).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort(128 + 24, (short) 0x20B).putInt(128 + 132, 16);
        int entryAt = 128 + 136 + 32;
        WordSum words = new WordSum();
        words.add(ByteBuffer.wrap(before, 0, prefixEnd));
        QuickChecksumPeFile.Known.Prefix prefix = new QuickChecksumPeFile.Known.Prefix(prefixEnd, words.sum(),
                header.getInt(128 + 88) & 0xFFFFFFFFL,
                (header.getInt(entryAt) & 0xFFFFFFFFL) + (header.getInt(entryAt + 4) & 0xFFFFFFFFL));
        QuickChecksumPeFile.Known known = new QuickChecksumPeFile.Known(128 + 88, entryAt, 0, 0, size,
                DigestAlgorithm.SHA256, new byte[32], prefix);

        byte[] after = Arrays.copyOf(before, size + grown);
        new Random(grown).ints(after.length - prefixEnd).forEach(i -> after[prefixEnd + Math.floorMod(i, after.length - prefixEnd)] = (byte) i);
        ByteBuffer.wrap(after).order(ByteOrder.LITTLE_ENDIAN).putInt(entryAt, prefixEnd).putInt(entryAt + 4, after.length - prefixEnd);
        Path file = Files.write(folder.resolve("signed.exe"), after);

        long jsigns;
        try (PEFile pe = new PEFile(file.toFile())) {
            jsigns = pe.computeChecksum();
        }
        try (QuickChecksumPeFile quick = new QuickChecksumPeFile(file, known)) {
            assertThat(quick.computeChecksum()).isEqualTo(jsigns);
        }
    }

    /** Random bytes with a DOS header and a PE signature where e_lfanew says, as much as jsign needs to open it. */
    private static byte[] peLike(int size, int peOffset, Random random) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(0, (byte) 'M').put(1, (byte) 'Z').putInt(0x3C, peOffset);
        buffer.put(peOffset, (byte) 'P').put(peOffset + 1, (byte) 'E').put(peOffset + 2, (byte) 0).put(peOffset + 3, (byte) 0);
        return bytes;
    }
}
