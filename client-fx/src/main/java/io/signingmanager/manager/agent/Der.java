package io.signingmanager.manager.agent;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;

/** The few DER encodings the identity blocks need, so the PKCS#11 module can copy them as they are. */
final class Der {
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;

    private Der() {
    }

    static byte[] integer(BigInteger value) {
        return tagged(INTEGER, value.toByteArray());
    }

    static byte[] octetString(byte[] content) {
        return tagged(OCTET_STRING, content);
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else {
            byte[] length = unsigned(BigInteger.valueOf(content.length));
            out.write(0x80 | length.length);
            out.writeBytes(length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** Big-endian bytes without the sign byte {@link BigInteger#toByteArray()} may add. */
    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    /** {@code value} as exactly {@code length} big-endian bytes, left-padded with zeros. */
    static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = unsigned(value);
        byte[] padded = new byte[length];
        System.arraycopy(bytes, 0, padded, length - bytes.length, bytes.length);
        return padded;
    }
}
