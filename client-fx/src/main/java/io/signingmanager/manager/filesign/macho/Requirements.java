package io.signingmanager.manager.filesign.macho;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/**
 * The requirement set with the designated requirement codesign writes for a distribution identity,
 * compiled to the binary form of Security's {@code requirement.h}:
 * {@code identifier "ID" and anchor apple generic and certificate 1[field.INTERMEDIATE] exists and
 * certificate leaf[field.LEAF] exists and certificate leaf[subject.OU] = TEAM}.
 */
final class Requirements {
    private static final int DESIGNATED = 3;
    private static final int EXPR_FORM = 1;
    private static final int OP_IDENT = 2;
    private static final int OP_AND = 6;
    private static final int OP_CERT_FIELD = 11;
    private static final int OP_CERT_GENERIC = 14;
    private static final int OP_APPLE_GENERIC_ANCHOR = 15;
    private static final int MATCH_EXISTS = 0;
    private static final int MATCH_EQUAL = 1;
    private static final int LEAF = 0;
    private static final int INTERMEDIATE = 1;

    private Requirements() {
    }

    /** The requirement set blob (0xfade0c01) holding the designated requirement. */
    static byte[] designated(String identifier, AppleCertificate certificate) {
        Expression expression = new Expression();
        List<Runnable> terms = List.of(
                () -> expression.integer(OP_IDENT).string(identifier),
                () -> expression.integer(OP_APPLE_GENERIC_ANCHOR),
                () -> expression.integer(OP_CERT_GENERIC).integer(INTERMEDIATE).oid(certificate.intermediateMarker())
                        .integer(MATCH_EXISTS),
                () -> expression.integer(OP_CERT_GENERIC).integer(LEAF).oid(certificate.leafMarker()).integer(MATCH_EXISTS),
                () -> expression.integer(OP_CERT_FIELD).integer(LEAF).string("subject.OU").integer(MATCH_EQUAL)
                        .string(certificate.teamId()));
        expression.integer(EXPR_FORM);
        for (int i = 0; i < terms.size(); i++) {
            if (i < terms.size() - 1) {
                expression.integer(OP_AND);
            }
            terms.get(i).run();
        }
        byte[] requirement = Blobs.blob(Blobs.REQUIREMENT, expression.bytes());
        TreeMap<Integer, byte[]> set = new TreeMap<>();
        set.put(DESIGNATED, requirement);
        return Blobs.superBlob(Blobs.REQUIREMENTS, set);
    }

    /** The same designated requirement in the requirement language, as a bundle's CodeResources names nested code. */
    static String designatedText(String identifier, AppleCertificate certificate) {
        return "identifier \"" + identifier.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\" and anchor apple generic and certificate 1[field." + certificate.intermediateMarker()
                + "] /* exists */ and certificate leaf[field." + certificate.leafMarker()
                + "] /* exists */ and certificate leaf[subject.OU] = \"" + certificate.teamId() + "\"";
    }

    /** The words of an expression: big-endian integers, and data as a length then the bytes padded to 4. */
    private static final class Expression {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Expression integer(int value) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(value).array());
            return this;
        }

        Expression string(String value) {
            return data(value.getBytes(StandardCharsets.UTF_8));
        }

        /** An OID as its DER content octets, without tag and length. */
        Expression oid(String oid) {
            byte[] der;
            try {
                der = new ASN1ObjectIdentifier(oid).getEncoded(ASN1Encoding.DER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] content = new byte[der.length - 2];
            System.arraycopy(der, 2, content, 0, content.length);
            return data(content);
        }

        private Expression data(byte[] value) {
            integer(value.length);
            out.writeBytes(value);
            out.writeBytes(new byte[(4 - value.length % 4) % 4]);
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
