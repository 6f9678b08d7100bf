package io.signingmanager.manager.filesign.pkg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.zip.InflaterInputStream;

/** A package's bytes with its TOC XML changed, as someone tampering with it would change it. */
final class TocTampering {
    private TocTampering() {
    }

    /**
     * The package with {@code change} applied to its TOC; the stored TOC checksum (at heap offset 0)
     * made again for the new TOC when {@code newChecksum}, left as it was otherwise.
     */
    static byte[] withToc(byte[] pkg, boolean newChecksum, UnaryOperator<String> change) throws Exception {
        XarHeader header = XarHeader.read(pkg);
        int tocStart = header.size();
        int heapStart = tocStart + (int) header.tocCompressedLength();
        byte[] xml;
        try (InflaterInputStream in = new InflaterInputStream(new ByteArrayInputStream(pkg, tocStart, heapStart - tocStart))) {
            xml = change.apply(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        byte[] toc = FlatPackage.deflate(xml);
        byte[] heap = java.util.Arrays.copyOfRange(pkg, heapStart, pkg.length);
        if (newChecksum) {
            byte[] checksum = TocChecksum.named(header.checksumName()).digest(toc);
            System.arraycopy(checksum, 0, heap, 0, checksum.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(header.withTocLengths(toc.length, xml.length));
        out.write(toc);
        out.write(heap);
        return out.toByteArray();
    }
}
