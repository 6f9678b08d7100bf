package io.signingmanager.manager.filesign.pkg;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Lays the signatures out in a package's TOC as productsign does: the TOC checksum at heap offset 0,
 * then {@code <signature style="RSA">}, then {@code <x-signature style="CMS">}, each with its offset
 * and size in the heap and the certificate chain; the files' data follows, every offset shifted.
 * An existing signature is replaced; {@code <signature-creation-time>} says when, as xar's signing writes it.
 */
final class TocLayout {
    static final String XMLDSIG = "http://www.w3.org/2000/09/xmldsig#";
    private static final List<String> RESERVED = List.of("checksum", "signature", "x-signature");
    private static final String CREATION_TIME = "signature-creation-time";
    /** 2001-01-01T00:00:00Z, where Apple's time (CFAbsoluteTime) starts. */
    private static final long APPLE_EPOCH = 978_307_200L;

    /** Where the files' data starts in the old heap and in the new one. */
    record Shift(long oldDataStart, long newDataStart) {
        long delta() {
            return newDataStart - oldDataStart;
        }
    }

    private TocLayout() {
    }

    /** Edits {@code toc} for signatures of those sizes; says where the files' data moves. */
    static Shift place(Document toc, TocChecksum checksum, int rsaSize, int cmsSize, List<X509Certificate> chain)
            throws IOException {
        Element root = toc(toc);
        long oldDataStart = 0;
        for (Element reserved : children(root, RESERVED)) {
            oldDataStart = Math.max(oldDataStart, number(reserved, "offset") + number(reserved, "size"));
        }
        List<Element> dataOffsets = dataOffsets(root);
        for (Element offset : dataOffsets) {
            if (Long.parseLong(offset.getTextContent().trim()) < oldDataStart) {
                throw new IOException("a file's data lies within the TOC checksum or signature area of the heap");
            }
        }
        for (Element old : children(root, List.of("signature", "x-signature", CREATION_TIME))) {
            removeWithIndent(old);
        }
        Element creationTime = toc.createElementNS(null, CREATION_TIME);
        creationTime.setTextContent(creationTime(Instant.now()));
        root.insertBefore(creationTime, root.getFirstChild());
        root.insertBefore(toc.createTextNode("\n  "), creationTime);
        Element checksumElement = checksum(root);
        setChild(checksumElement, "offset", 0);
        setChild(checksumElement, "size", checksum.length());

        Shift shift = new Shift(oldDataStart, (long) checksum.length() + rsaSize + cmsSize);
        Node before = firstFile(root);
        for (Element signature : List.of(signature(toc, "signature", "RSA", checksum.length(), rsaSize, chain),
                signature(toc, "x-signature", "CMS", (long) checksum.length() + rsaSize, cmsSize, chain))) {
            indent(signature, 2);
            root.insertBefore(signature, before);
            root.insertBefore(toc.createTextNode("\n  "), before);
        }
        for (Element offset : dataOffsets) {
            offset.setTextContent(Long.toString(Long.parseLong(offset.getTextContent().trim()) + shift.delta()));
        }
        return shift;
    }

    /** As xar writes {@code <signature-creation-time>}: seconds since 2001 and tenths, like {@code 818090588.1}. */
    static String creationTime(Instant now) {
        return (now.getEpochSecond() - APPLE_EPOCH) + "." + now.getNano() / 100_000_000;
    }

    /** The {@code <toc>} under {@code <xar>}. */
    static Element toc(Document document) throws IOException {
        Element xar = document.getDocumentElement();
        List<Element> toc = "xar".equals(xar.getLocalName()) ? children(xar, List.of("toc")) : List.of();
        if (toc.size() != 1) {
            throw new IOException("the TOC has no <xar><toc>");
        }
        return toc.get(0);
    }

    /** The {@code <checksum>}'s style, offset and size. */
    static Element checksum(Element toc) throws IOException {
        List<Element> checksum = children(toc, List.of("checksum"));
        if (checksum.size() != 1) {
            throw new IOException("the TOC has no <checksum>: the package cannot be signed");
        }
        return checksum.get(0);
    }

    static long number(Element parent, String name) throws IOException {
        List<Element> found = children(parent, List.of(name));
        try {
            return Long.parseLong(found.get(0).getTextContent().trim());
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            throw new IOException("<" + parent.getLocalName() + "> has no number in <" + name + ">", e);
        }
    }

    private static Element signature(Document toc, String name, String style, long offset, int size,
            List<X509Certificate> chain) throws IOException {
        Element signature = toc.createElementNS(null, name);
        signature.setAttribute("style", style);
        setChild(signature, "offset", offset);
        setChild(signature, "size", size);
        Element keyInfo = toc.createElementNS(XMLDSIG, "KeyInfo");
        keyInfo.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns", XMLDSIG);
        Element x509Data = toc.createElementNS(XMLDSIG, "X509Data");
        for (X509Certificate certificate : chain) {
            Element element = toc.createElementNS(XMLDSIG, "X509Certificate");
            element.setTextContent(Base64.getEncoder().encodeToString(encoded(certificate)));
            x509Data.appendChild(element);
        }
        keyInfo.appendChild(x509Data);
        signature.appendChild(keyInfo);
        return signature;
    }

    /** Every {@code <offset>} of file data (data, extended attributes) at any depth, not the reserved ones. */
    private static List<Element> dataOffsets(Element toc) {
        List<Element> offsets = new ArrayList<>();
        for (Node child = toc.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && !RESERVED.contains(element.getLocalName())) {
                collectOffsets(element, offsets);
            }
        }
        return offsets;
    }

    private static void collectOffsets(Element element, List<Element> offsets) {
        if ("offset".equals(element.getLocalName())) {
            offsets.add(element);
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element nested) {
                collectOffsets(nested, offsets);
            }
        }
    }

    /** Indents a new element's children as xar indents a TOC, one space a level; {@code depth} is its own. */
    private static void indent(Element element, int depth) {
        List<Element> children = new ArrayList<>();
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element nested) {
                children.add(nested);
            }
        }
        if (children.isEmpty()) {
            return;
        }
        for (Element child : children) {
            element.insertBefore(element.getOwnerDocument().createTextNode("\n" + " ".repeat(depth + 1)), child);
            indent(child, depth + 1);
        }
        element.appendChild(element.getOwnerDocument().createTextNode("\n" + " ".repeat(depth)));
    }

    private static Node firstFile(Element toc) {
        List<Element> files = children(toc, List.of("file"));
        return files.isEmpty() ? null : files.get(0);
    }

    private static void setChild(Element parent, String name, long value) {
        List<Element> found = children(parent, List.of(name));
        Element child = found.isEmpty() ? (Element) parent.appendChild(parent.getOwnerDocument().createElementNS(null, name))
                : found.get(0);
        child.setTextContent(Long.toString(value));
    }

    private static void removeWithIndent(Element element) {
        Node previous = element.getPreviousSibling();
        if (previous != null && previous.getNodeType() == Node.TEXT_NODE && previous.getTextContent().isBlank()) {
            previous.getParentNode().removeChild(previous);
        }
        element.getParentNode().removeChild(element);
    }

    static List<Element> children(Element parent, List<String> names) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && names.contains(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static byte[] encoded(X509Certificate certificate) throws IOException {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IOException("cannot encode the certificate " + certificate.getSubjectX500Principal(), e);
        }
    }
}
