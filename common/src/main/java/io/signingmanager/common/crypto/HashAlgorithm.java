package io.signingmanager.common.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The digests of the algorithm table, with the DER prefix of their PKCS#1 DigestInfo. */
public enum HashAlgorithm {
    SHA1("SHA-1", 20, "3021300906052b0e03021a05000414"),
    SHA256("SHA-256", 32, "3031300d060960864801650304020105000420"),
    SHA384("SHA-384", 48, "3041300d060960864801650304020205000430"),
    SHA512("SHA-512", 64, "3051300d060960864801650304020305000440");

    private final String jcaName;
    private final int digestLength;
    private final byte[] digestInfoPrefix;

    HashAlgorithm(String jcaName, int digestLength, String digestInfoPrefixHex) {
        this.jcaName = jcaName;
        this.digestLength = digestLength;
        this.digestInfoPrefix = HexFormat.of().parseHex(digestInfoPrefixHex);
    }

    public String jcaName() {
        return jcaName;
    }

    public int digestLength() {
        return digestLength;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK lacks " + jcaName, e);
        }
    }

    public byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }

    /** DER DigestInfo of a digest made with this hash, as PKCS#1 v1.5 signs it. */
    public byte[] digestInfo(byte[] digest) {
        if (digest.length != digestLength) {
            throw new IllegalArgumentException(jcaName + " digest must be " + digestLength + " bytes");
        }
        byte[] encoded = new byte[digestInfoPrefix.length + digest.length];
        System.arraycopy(digestInfoPrefix, 0, encoded, 0, digestInfoPrefix.length);
        System.arraycopy(digest, 0, encoded, digestInfoPrefix.length, digest.length);
        return encoded;
    }
}
