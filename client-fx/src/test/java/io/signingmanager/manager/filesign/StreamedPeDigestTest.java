package io.signingmanager.manager.filesign;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import net.jsign.DigestAlgorithm;
import net.jsign.pe.PEFile;
import net.jsign.pe.QuickChecksumPeFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamedPeDigestTest {
    private static final int PE32 = 0x10B;
    private static final int PE32_PLUS = 0x20B;

    @TempDir
    Path folder;

    /**
     * The digest streamed in chunks is jsign's own, for PE32 and PE32+ files with and without a
     * certificate table, lengths that are no multiple of 8, and chunks that end inside the places left out.
     */
    @ParameterizedTest
    @CsvSource({
        "467,     128, 0, 0,     320,     SHA256",     // PE32+, no table, padded; the header in the first chunk
        "467,     128, 0, 0,     1048576, SHA384",
        "523,     128, 0, 0,     1000,    SHA512",     // PE32 (magic 0x10B below), odd length
        "5000,    200, 4096, 600, 512,    SHA256",     // a table in the middle, chunks cut through it
        "5000,    200, 4400, 600, 4096,   SHA256",     // a table at the end
        "3145739, 64,  2097152, 1048576, 1048576, SHA256"})
    void theStreamedDigestIsJsigns(int size, int peOffset, int tableAt, int tableSize, int chunk, DigestAlgorithm algorithm)
            throws Exception {
        int magic = size == 523 ? PE32 : PE32_PLUS;
        Path file = Files.write(folder.resolve("app.exe"), peFile(size, peOffset, magic, tableAt, tableSize));

        QuickChecksumPeFile.Known known = streamed(file, chunk, algorithm).orElseThrow();

        try (PEFile pe = new PEFile(file.toFile())) {
            assertThat(known.digest()).isEqualTo(pe.computeDigest(algorithm));
        }
        assertThat(known.tableSize()).isEqualTo(tableSize);
    }

    /** jsign takes a known digest only where its own reading of the file agrees; else it hashes the file itself. */
    @Test
    void aKnownDigestIsUsedOnlyForTheFileItWasMadeFor() throws Exception {
        Path file = Files.write(folder.resolve("app.exe"), peFile(5000, 200, PE32_PLUS, 4096, 600));
        QuickChecksumPeFile.Known known = streamed(file, 1 << 20, DigestAlgorithm.SHA256).orElseThrow();
        byte[] jsigns;
        try (PEFile pe = new PEFile(file.toFile())) {
            jsigns = pe.computeDigest(DigestAlgorithm.SHA256);
        }
        byte[] marker = new byte[32];
        QuickChecksumPeFile.Known marked = new QuickChecksumPeFile.Known(known.checksumAt(), known.tableEntryAt(),
                known.tableAt(), known.tableSize(), known.length(), known.algorithm(), marker, known.prefix());

        assertThat(digestWith(file, marked, DigestAlgorithm.SHA256)).as("the same layout").isEqualTo(marker);
        assertThat(digestWith(file, marked, DigestAlgorithm.SHA384)).as("another algorithm")
                .isNotEqualTo(marker).hasSize(48);
        QuickChecksumPeFile.Known otherTable = new QuickChecksumPeFile.Known(known.checksumAt(), known.tableEntryAt(),
                known.tableAt(), known.tableSize() - 8, known.length(), known.algorithm(), marker, known.prefix());
        assertThat(digestWith(file, otherTable, DigestAlgorithm.SHA256)).as("another table").isEqualTo(jsigns);
        QuickChecksumPeFile.Known otherLength = new QuickChecksumPeFile.Known(known.checksumAt(), known.tableEntryAt(),
                known.tableAt(), known.tableSize(), known.length() + 1, known.algorithm(), marker, known.prefix());
        assertThat(digestWith(file, otherLength, DigestAlgorithm.SHA256)).as("another length").isEqualTo(jsigns);
    }

    /** Layouts it does not stream: a header beyond the first chunk, a table past the end, a table over the header. */
    @Test
    void aLayoutItCannotStreamIsLeftToJsign() throws Exception {
        Path far = Files.write(folder.resolve("far.exe"), peFile(5000, 2000, PE32_PLUS, 0, 0));
        assertThat(streamed(far, 1024, DigestAlgorithm.SHA256)).isEmpty();
        assertThat(streamed(far, 4096, DigestAlgorithm.SHA256)).isPresent();

        Path pastTheEnd = Files.write(folder.resolve("past.exe"), peFile(5000, 200, PE32_PLUS, 4800, 600));
        assertThat(streamed(pastTheEnd, 4096, DigestAlgorithm.SHA256)).isEmpty();

        Path overHeader = Files.write(folder.resolve("over.exe"), peFile(5000, 200, PE32_PLUS, 16, 600));
        assertThat(streamed(overHeader, 4096, DigestAlgorithm.SHA256)).isEmpty();
    }

    private static Optional<QuickChecksumPeFile.Known> streamed(Path file, int chunk, DigestAlgorithm algorithm)
            throws Exception {
        StreamedPeDigest digest = new StreamedPeDigest(algorithm);
        byte[] bytes = Files.readAllBytes(file);
        for (int at = 0; at < bytes.length; at += chunk) {
            digest.update(ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at)).slice());
        }
        return digest.result();
    }

    private static byte[] digestWith(Path file, QuickChecksumPeFile.Known known, DigestAlgorithm algorithm) throws Exception {
        try (QuickChecksumPeFile pe = new QuickChecksumPeFile(file, known)) {
            return pe.computeDigest(algorithm);
        }
    }

    /**
     * Random bytes with a DOS header, a PE signature, the optional header's magic, 16 directory entries
     * and the certificate table's entry (a size of 0 for none).
     */
    private static byte[] peFile(int size, int peOffset, int magic, int tableAt, int tableSize) {
        byte[] bytes = new byte[size];
        new Random(size + peOffset).nextBytes(bytes);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put(0, (byte) 'M').put(1, (byte) 'Z').putInt(0x3C, peOffset);
        buffer.putInt(peOffset, 0x00004550).putShort(peOffset + 24, (short) magic);
        int directory = peOffset + (magic == PE32 ? 120 : 136);
        buffer.putInt(directory - 4, 16);
        buffer.putInt(directory + 32, tableAt).putInt(directory + 36, tableSize);
        return bytes;
    }
}
