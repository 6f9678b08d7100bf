package io.signingmanager.common.crypto;

import java.util.Locale;

/**
 * The algorithm table of the client protocol. {@code data} is a digest for every algorithm but
 * {@link #RSA_PKCS1_RAW}, whose data is an encoded DigestInfo (what PKCS#11's CKM_RSA_PKCS signs), and
 * {@link #ECDSA_RAW}, whose data is what PKCS#11's CKM_ECDSA signs: a digest of any length (SHA-1's 20
 * bytes, SHA-224's 28, ...), of which ECDSA takes as many leftmost bits as the curve's order has (X9.62).
 */
public enum SignatureAlgorithm {
    RSA_PKCS1_SHA1(KeyType.RSA, Scheme.PKCS1, HashAlgorithm.SHA1),
    RSA_PKCS1_SHA256(KeyType.RSA, Scheme.PKCS1, HashAlgorithm.SHA256),
    RSA_PKCS1_SHA384(KeyType.RSA, Scheme.PKCS1, HashAlgorithm.SHA384),
    RSA_PKCS1_SHA512(KeyType.RSA, Scheme.PKCS1, HashAlgorithm.SHA512),
    RSA_PKCS1_RAW(KeyType.RSA, Scheme.PKCS1_RAW, null),
    RSA_PSS_SHA256(KeyType.RSA, Scheme.PSS, HashAlgorithm.SHA256),
    RSA_PSS_SHA384(KeyType.RSA, Scheme.PSS, HashAlgorithm.SHA384),
    RSA_PSS_SHA512(KeyType.RSA, Scheme.PSS, HashAlgorithm.SHA512),
    ECDSA_SHA256(KeyType.EC, Scheme.ECDSA, HashAlgorithm.SHA256),
    ECDSA_SHA384(KeyType.EC, Scheme.ECDSA, HashAlgorithm.SHA384),
    ECDSA_SHA512(KeyType.EC, Scheme.ECDSA, HashAlgorithm.SHA512),
    ECDSA_RAW(KeyType.EC, Scheme.ECDSA, null);

    /** The most data {@link #ECDSA_RAW} takes: as much as RSA_PKCS1_RAW with a 4096-bit key and more. */
    public static final int MAX_RAW_ECDSA_BYTES = 512;

    /** How the data turns into a signature. */
    public enum Scheme {
        PKCS1,
        PKCS1_RAW,
        PSS,
        ECDSA
    }

    private final KeyType keyType;
    private final Scheme scheme;
    private final HashAlgorithm hash;

    SignatureAlgorithm(KeyType keyType, Scheme scheme, HashAlgorithm hash) {
        this.keyType = keyType;
        this.scheme = scheme;
        this.hash = hash;
    }

    public KeyType keyType() {
        return keyType;
    }

    public Scheme scheme() {
        return scheme;
    }

    /** The hash whose digest is the data; {@code null} for {@link #RSA_PKCS1_RAW} and {@link #ECDSA_RAW}. */
    public HashAlgorithm hash() {
        return hash;
    }

    /** The algorithm of that wire name, or {@code null} when there is none. */
    public static SignatureAlgorithm fromWire(String name) {
        if (name == null) {
            return null;
        }
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Why {@code data} cannot be signed with this algorithm by a key of that type and size, or
     * {@code null} when it can.
     */
    public String problemWith(KeyType keyOfCertificate, int keySizeBits, byte[] data) {
        if (keyOfCertificate != keyType) {
            return name() + " needs an " + keyType + " key, the certificate has an " + keyOfCertificate + " key";
        }
        if (hash != null && data.length != hash.digestLength()) {
            return name() + " signs a " + hash.jcaName() + " digest of " + hash.digestLength()
                    + " bytes, got " + data.length + " bytes";
        }
        if (scheme == Scheme.PKCS1_RAW) {
            int maxLength = keySizeBits / 8 - 11;
            if (data.length == 0 || data.length > maxLength) {
                return "RSA_PKCS1_RAW signs 1 to " + maxLength + " bytes with this key, got " + data.length;
            }
        }
        if (this == ECDSA_RAW && (data.length == 0 || data.length > MAX_RAW_ECDSA_BYTES)) {
            return "ECDSA_RAW signs a digest of 1 to " + MAX_RAW_ECDSA_BYTES + " bytes, got " + data.length;
        }
        return null;
    }
}
