package io.signingmanager.manager.filesign.pkg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;

/**
 * A flat package (a xar archive) as read from a file: the header, the TOC (zlib-compressed XML) and
 * where the heap starts. The heap is left in the file: a package may be gigabytes.
 */
record FlatPackage(Path file, XarHeader header, byte[] compressedToc, Document toc) {
    /** A TOC larger than this is not a package's. */
    private static final long MAX_TOC = 64L << 20;

    static FlatPackage read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            byte[] start = readAt(channel, 0, (int) Math.min(channel.size(), 0x10000));
            XarHeader header = XarHeader.read(start);
            if (header.tocCompressedLength() > MAX_TOC || header.tocUncompressedLength() > MAX_TOC
                    || header.size() + header.tocCompressedLength() > channel.size()) {
                throw new IOException("not a xar archive: TOC of " + header.tocCompressedLength() + " bytes in a file of "
                        + channel.size());
            }
            byte[] compressed = readAt(channel, header.size(), (int) header.tocCompressedLength());
            return new FlatPackage(file, header, compressed, parse(inflate(compressed, header.tocUncompressedLength())));
        }
    }

    /** Where the heap starts in the file. */
    long heapOffset() {
        return header.size() + compressedToc.length;
    }

    /** The bytes of the file from {@code heapOffset() + from} to its end, written to {@code out}. */
    void copyHeapTail(long from, FileChannel out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = heapOffset() + from;
            long end = channel.size();
            while (position < end) {
                position += channel.transferTo(position, end - position, out);
            }
        }
    }

    /** Bytes of the heap, like the stored TOC checksum. */
    byte[] readHeap(long offset, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (heapOffset() + offset + length > channel.size()) {
                throw new IOException("the heap ends before " + length + " bytes at offset " + offset);
            }
            return readAt(channel, heapOffset() + offset, length);
        }
    }

    /** The TOC as XML bytes (UTF-8), as xar writes it. */
    static byte[] serialize(Document toc) throws IOException {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            // The JDK's declaration says standalone="no" and has no line break after it: write xar's own.
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            ByteArrayOutputStream xml = new ByteArrayOutputStream();
            xml.writeBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.US_ASCII));
            transformer.transform(new DOMSource(toc), new StreamResult(xml));
            return xml.toByteArray();
        } catch (javax.xml.transform.TransformerException e) {
            throw new IOException("cannot write the TOC", e);
        }
    }

    static byte[] deflate(byte[] xml) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION))) {
            out.write(xml);
        }
        return compressed.toByteArray();
    }

    private static byte[] inflate(byte[] compressed, long expected) throws IOException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(compressed), new Inflater())) {
            byte[] xml = in.readNBytes((int) expected + 1);
            if (xml.length != expected) {
                throw new IOException("the TOC inflates to " + xml.length + " bytes, the header says " + expected);
            }
            return xml;
        } catch (java.util.zip.ZipException e) {
            throw new IOException("the TOC is not zlib data: " + e.getMessage(), e);
        }
    }

    static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new IOException("the TOC is not XML: " + e.getMessage(), e);
        }
    }

    private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("the file ends before byte " + (position + length));
            }
        }
        return buffer.array();
    }
}
