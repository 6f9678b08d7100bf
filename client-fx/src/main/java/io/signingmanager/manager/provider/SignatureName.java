package io.signingmanager.manager.provider;

import io.signingmanager.common.crypto.KeyType;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import java.util.List;

/** The JCA signature algorithms this provider offers, each with the client protocol's algorithm. */
enum SignatureName {
    SHA1_WITH_RSA("SHA1withRSA", KeyType.RSA, SignatureAlgorithm.RSA_PKCS1_SHA1, "1.2.840.113549.1.1.5"),
    SHA256_WITH_RSA("SHA256withRSA", KeyType.RSA, SignatureAlgorithm.RSA_PKCS1_SHA256, "1.2.840.113549.1.1.11"),
    SHA384_WITH_RSA("SHA384withRSA", KeyType.RSA, SignatureAlgorithm.RSA_PKCS1_SHA384, "1.2.840.113549.1.1.12"),
    SHA512_WITH_RSA("SHA512withRSA", KeyType.RSA, SignatureAlgorithm.RSA_PKCS1_SHA512, "1.2.840.113549.1.1.13"),
    /** Signs an encoded DigestInfo as it is (PKCS#11's CKM_RSA_PKCS). */
    NONE_WITH_RSA("NONEwithRSA", KeyType.RSA, SignatureAlgorithm.RSA_PKCS1_RAW, null),
    /** The hash comes with the PSSParameterSpec. */
    RSASSA_PSS("RSASSA-PSS", KeyType.RSA, null, "1.2.840.113549.1.1.10"),
    SHA256_WITH_ECDSA("SHA256withECDSA", KeyType.EC, SignatureAlgorithm.ECDSA_SHA256, "1.2.840.10045.4.3.2"),
    SHA384_WITH_ECDSA("SHA384withECDSA", KeyType.EC, SignatureAlgorithm.ECDSA_SHA384, "1.2.840.10045.4.3.3"),
    SHA512_WITH_ECDSA("SHA512withECDSA", KeyType.EC, SignatureAlgorithm.ECDSA_SHA512, "1.2.840.10045.4.3.4");

    private final String jcaName;
    private final KeyType keyType;
    private final SignatureAlgorithm algorithm;
    private final String oid;

    SignatureName(String jcaName, KeyType keyType, SignatureAlgorithm algorithm, String oid) {
        this.jcaName = jcaName;
        this.keyType = keyType;
        this.algorithm = algorithm;
        this.oid = oid;
    }

    String jcaName() {
        return jcaName;
    }

    KeyType keyType() {
        return keyType;
    }

    /** The protocol's algorithm, or {@code null} when parameters choose it (RSASSA-PSS). */
    SignatureAlgorithm algorithm() {
        return algorithm;
    }

    /** The names tools also use: the OID, as {@code OID.x} and bare. */
    List<String> aliases() {
        return oid == null ? List.of() : List.of(oid, "OID." + oid);
    }
}
