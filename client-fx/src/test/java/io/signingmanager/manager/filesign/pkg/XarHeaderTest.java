package io.signingmanager.manager.filesign.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** xar.h's header: the fixed 28 bytes, the named checksum after them, and what is not a header. */
class XarHeaderTest {
    private static byte[] header(int size, int algorithm, String name) {
        ByteBuffer buffer = ByteBuffer.allocate(size).putInt(XarHeader.MAGIC).putShort((short) size).putShort((short) 1)
                .putLong(600).putLong(2400).putInt(algorithm);
        buffer.put(name.getBytes(StandardCharsets.US_ASCII));
        return buffer.array();
    }

    @Test
    void readsTheLengthsAndTheChecksumAndRewritesOnlyTheLengths() throws Exception {
        XarHeader sha1 = XarHeader.read(header(28, 1, ""));
        assertThat(sha1.size()).isEqualTo(28);
        assertThat(sha1.tocCompressedLength()).isEqualTo(600);
        assertThat(sha1.tocUncompressedLength()).isEqualTo(2400);
        assertThat(sha1.checksumName()).isEqualTo("sha1");

        byte[] named = header(64, 3, "sha256");
        XarHeader sha256 = XarHeader.read(named);
        assertThat(sha256.checksumName()).isEqualTo("sha256");
        byte[] rewritten = sha256.withTocLengths(700, 2800);
        XarHeader again = XarHeader.read(rewritten);
        assertThat(again.tocCompressedLength()).isEqualTo(700);
        assertThat(again.tocUncompressedLength()).isEqualTo(2800);
        assertThat(again.checksumName()).isEqualTo("sha256");
        assertThat(rewritten).hasSize(64).startsWith(java.util.Arrays.copyOf(named, 8));
    }

    @Test
    void notAHeaderIsSaidSo() {
        assertThatThrownBy(() -> XarHeader.read("PK\3\4 a zip file, not a package".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("no xar! magic");
        assertThatThrownBy(() -> XarHeader.read(new byte[10])).hasMessageContaining("shorter than a xar header");
        assertThatThrownBy(() -> XarHeader.read(header(28, 9, ""))).hasMessageContaining("unknown xar checksum algorithm 9");
        assertThatThrownBy(() -> TocChecksum.named("md5")).hasMessageContaining("a signed package needs sha1, sha256");
    }
}
