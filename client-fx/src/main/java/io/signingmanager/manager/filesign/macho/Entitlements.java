package io.signingmanager.manager.filesign.macho;

import io.signingmanager.manager.filesign.XmlPlist;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.ASN1Boolean;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Entitlements, given as an XML plist, in the two blobs codesign writes. The XML blob (0xfade7171)
 * holds them as a canonical XML plist, keys sorted, as codesign writes them nowadays, not the file as
 * given: checkers such as signapple re-serialize the XML (plistlib) before hashing it, so a plist in
 * any other layout (on one line, say) failed their entitlements-slot hash. The DER blob (0xfade7172)
 * holds the form macOS 12 and iOS 15 read: {@code [APPLICATION 16] {INTEGER 1, dict}}, a dict being
 * {@code [CONTEXT 16]} of {@code SEQUENCE {UTF8String key, value}} in key order.
 */
final class Entitlements {
    static final int EMBEDDED_DER_ENTITLEMENTS = 0xfade7172;
    /** CS_EXECSEG_ALLOW_UNSIGNED, which codesign sets for get-task-allow. */
    static final long EXECSEG_ALLOW_UNSIGNED = 0x10;

    private final Map<String, Object> values;

    private Entitlements(Map<String, Object> values) {
        this.values = values;
    }

    static Entitlements parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // A plist names Apple's DTD: never fetched.
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setExpandEntityReferences(false);
            Element plist = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
            List<Element> top = children(plist);
            if (!plist.getTagName().equals("plist") || top.size() != 1 || !top.get(0).getTagName().equals("dict")) {
                throw new IOException("the entitlements are not an XML plist holding one dict");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) value(top.get(0));
            return new Entitlements(values);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the entitlements are not a readable XML plist: " + e.getMessage(), e);
        }
    }

    /** The entitlements as a canonical XML plist, keys sorted at every level. */
    byte[] canonicalXml() {
        return XmlPlist.write(values);
    }

    byte[] xmlBlob() {
        return Blobs.blob(Blobs.EMBEDDED_ENTITLEMENTS, canonicalXml());
    }

    byte[] derBlob() throws IOException {
        ASN1Encodable der = new DERTaggedObject(false, BERTags.APPLICATION, 16,
                new DERSequence(new ASN1Encodable[] {new ASN1Integer(1), der(values)}));
        return Blobs.blob(EMBEDDED_DER_ENTITLEMENTS, der.toASN1Primitive().getEncoded(ASN1Encoding.DER));
    }

    /** The exec-seg flags the entitlements ask for, as codesign sets them. */
    long execSegFlags() {
        return Boolean.TRUE.equals(values.get("get-task-allow")) ? EXECSEG_ALLOW_UNSIGNED : 0;
    }

    private static Object value(Element element) throws IOException {
        String text = element.getTextContent().strip();
        switch (element.getTagName()) {
            case "dict" -> {
                Map<String, Object> dict = new TreeMap<>();
                List<Element> items = children(element);
                for (int i = 0; i + 1 < items.size(); i += 2) {
                    if (!items.get(i).getTagName().equals("key")) {
                        throw new IOException("a dict entry without its <key>");
                    }
                    dict.put(items.get(i).getTextContent(), value(items.get(i + 1)));
                }
                return dict;
            }
            case "array" -> {
                List<Object> array = new ArrayList<>();
                for (Element item : children(element)) {
                    array.add(value(item));
                }
                return array;
            }
            case "string" -> {
                return element.getTextContent();
            }
            case "true", "false" -> {
                return element.getTagName().equals("true");
            }
            case "integer" -> {
                return new BigInteger(text);
            }
            case "data" -> {
                return Base64.getMimeDecoder().decode(text);
            }
            default -> throw new IOException("entitlements hold a <" + element.getTagName()
                    + ">, which their DER form cannot hold");
        }
    }

    @SuppressWarnings("unchecked")
    private static ASN1Encodable der(Object value) {
        if (value instanceof Map<?, ?> dict) {
            List<ASN1Encodable> entries = new ArrayList<>();
            ((Map<String, Object>) dict).forEach((key, item) ->
                    entries.add(new DERSequence(new ASN1Encodable[] {new DERUTF8String(key), der(item)})));
            return new DERTaggedObject(false, BERTags.CONTEXT_SPECIFIC, 16, new DERSequence(entries.toArray(ASN1Encodable[]::new)));
        }
        if (value instanceof List<?> array) {
            return new DERSequence(array.stream().map(Entitlements::der).toArray(ASN1Encodable[]::new));
        }
        if (value instanceof Boolean flag) {
            return ASN1Boolean.getInstance(flag.booleanValue());
        }
        if (value instanceof BigInteger number) {
            return new ASN1Integer(number);
        }
        if (value instanceof byte[] data) {
            return new DEROctetString(data);
        }
        return new DERUTF8String((String) value);
    }

    private static List<Element> children(Node parent) {
        List<Element> elements = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }
}
