package io.signingmanager.manager.agent;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.protocol.Identity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.HexFormat;
import java.util.Locale;

/** One identity as the answer to {@code LIST} gives it (docs/agent-protocol.md), parsed with the JDK. */
final class IdentityBlock {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte UNCOMPRESSED_POINT = 0x04;

    private IdentityBlock() {
    }

    /** The block's lines, each with its line end. */
    static String of(Identity identity) throws GeneralSecurityException, IOException {
        X509Certificate leaf = Certificates.fromBase64(identity.certificate());
        StringBuilder block = new StringBuilder();
        line(block, "IDENTITY", identity.sha1().toLowerCase(Locale.ROOT));
        line(block, "LABEL", HEX.formatHex(identity.commonName().getBytes(StandardCharsets.UTF_8)));
        line(block, "CERT", HEX.formatHex(leaf.getEncoded()));
        line(block, "SUBJECT", HEX.formatHex(leaf.getSubjectX500Principal().getEncoded()));
        line(block, "ISSUER", HEX.formatHex(leaf.getIssuerX500Principal().getEncoded()));
        line(block, "SERIAL", HEX.formatHex(Der.integer(leaf.getSerialNumber())));
        line(block, "KEY", key(leaf.getPublicKey()));
        for (String base64 : identity.chain()) {
            X509Certificate ca = Certificates.fromBase64(base64);
            line(block, "CA", String.join(" ", HEX.formatHex(ca.getEncoded()),
                    HEX.formatHex(ca.getSubjectX500Principal().getEncoded()),
                    HEX.formatHex(ca.getIssuerX500Principal().getEncoded()),
                    HEX.formatHex(Der.integer(ca.getSerialNumber()))));
        }
        return block.toString();
    }

    private static void line(StringBuilder block, String name, String value) {
        block.append(name).append(' ').append(value).append('\n');
    }

    private static String key(PublicKey key) throws GeneralSecurityException, IOException {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + " " + HEX.formatHex(Der.unsigned(rsa.getModulus())) + " "
                    + HEX.formatHex(Der.unsigned(rsa.getPublicExponent()));
        }
        if (key instanceof ECPublicKey ec) {
            ECParameterSpec curve = ec.getParams();
            int bits = curve.getCurve().getField().getFieldSize();
            // The JDK encodes the parameters of a named curve as its OID, which is what CKA_EC_PARAMS holds.
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(curve);
            return "EC " + bits + " " + HEX.formatHex(parameters.getEncoded()) + " "
                    + HEX.formatHex(Der.octetString(uncompressed(ec.getW(), (bits + 7) / 8)));
        }
        throw new GeneralSecurityException("The certificate has a " + key.getAlgorithm() + " key, neither RSA nor EC");
    }

    private static byte[] uncompressed(ECPoint point, int coordinateLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 + 2 * coordinateLength);
        out.write(UNCOMPRESSED_POINT);
        out.writeBytes(Der.unsigned(point.getAffineX(), coordinateLength));
        out.writeBytes(Der.unsigned(point.getAffineY(), coordinateLength));
        return out.toByteArray();
    }
}
