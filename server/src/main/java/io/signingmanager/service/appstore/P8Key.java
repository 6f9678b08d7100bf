package io.signingmanager.service.appstore;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * An App Store Connect {@code .p8} file: a PEM {@code PRIVATE KEY} holding a PKCS#8 EC key on P-256.
 * Anything else is refused with {@link ErrorCode#INVALID_CONNECT_KEY} saying what the file is instead.
 */
final class P8Key {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";
    private static final Pattern OTHER_PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]*");
    // P-256 (secp256r1): the group order and the base point's x, enough to tell it from any other curve.
    private static final BigInteger P256_ORDER =
            new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final BigInteger P256_GX =
            new BigInteger("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296", 16);
    /** A .p8 is about 250 characters; this leaves room for comments and line ends. */
    static final int MAX_LENGTH = 4096;

    private P8Key() {
    }

    /** The key in the file, or a refusal saying what is wrong with it. */
    static ECPrivateKey parse(String text) throws Refusal {
        if (text == null || text.isBlank()) {
            throw invalid("The .p8 file is missing");
        }
        if (text.length() > MAX_LENGTH) {
            throw invalid("The .p8 file is too long (" + text.length() + " characters): an App Store Connect "
                    + "key file is about 250");
        }
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        if (from < 0 || to < from) {
            var other = OTHER_PEM.matcher(text);
            if (other.find()) {
                throw invalid("The .p8 file holds a PEM " + other.group(1) + " block, not a PEM PRIVATE KEY (PKCS#8): "
                        + "upload the AuthKey_<Key ID>.p8 file App Store Connect gave you");
            }
            throw invalid("The .p8 file is not a PEM private key (no '" + BEGIN + "' line)");
        }
        String body = text.substring(from + BEGIN.length(), to);
        if (!BASE64.matcher(body).matches()) {
            throw invalid("The .p8 file's key is not base64");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(body.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw invalid("The .p8 file's key is not base64");
        }
        ECPrivateKey key = ecKey(der);
        if (!onP256(key.getParams())) {
            throw invalid("The .p8 file holds an EC key on another curve (" + key.getParams().getCurve().getField()
                    .getFieldSize() + " bits); App Store Connect keys are P-256");
        }
        return key;
    }

    private static ECPrivateKey ecKey(byte[] der) throws Refusal {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | ClassCastException e) {
            for (String algorithm : new String[] {"RSA", "Ed25519", "DSA"}) {
                try {
                    KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                    throw invalid("The .p8 file holds a private key of type " + algorithm
                            + "; App Store Connect keys are EC P-256");
                } catch (GeneralSecurityException | RuntimeException other) {
                    // Not that kind either.
                }
            }
            throw invalid("The .p8 file's content is not a PKCS#8 private key");
        }
    }

    /** The key as sealed: its PKCS#8 DER. */
    static ECPrivateKey fromPkcs8(byte[] der) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sealed App Store Connect key does not read back", e);
        }
    }

    private static boolean onP256(ECParameterSpec params) {
        ECPoint generator = params.getGenerator();
        return params.getCurve().getField().getFieldSize() == 256 && P256_ORDER.equals(params.getOrder())
                && P256_GX.equals(generator.getAffineX());
    }

    static Refusal invalid(String message) {
        return new Refusal(ErrorCode.INVALID_CONNECT_KEY, message);
    }
}
