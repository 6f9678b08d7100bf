package io.signingmanager.manager.filesign;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.util.List;

/** A private key with its certificate chain (leaf first) and the provider whose signatures use it. */
public record SigningKey(PrivateKey privateKey, List<X509Certificate> chain, Provider provider) {

    /** SHA-256, or the hash that fits a larger elliptic curve (P-384, P-521). */
    int digestBits() {
        return digestBits(privateKey);
    }

    /** The same for a key not yet given its chain. */
    static int digestBits(PrivateKey privateKey) {
        if (privateKey instanceof ECKey ec) {
            int orderBits = ec.getParams().getOrder().bitLength();
            return orderBits > 384 ? 512 : orderBits > 256 ? 384 : 256;
        }
        return 256;
    }

    /** The JCA digest name, like {@code SHA-256}. */
    String digestAlgorithm() {
        return "SHA-" + digestBits();
    }

    /** The JCA signature name, like {@code SHA256withRSA} or {@code SHA384withECDSA}. */
    String signatureAlgorithm() {
        return "SHA" + digestBits() + "with" + (privateKey instanceof ECKey ? "ECDSA" : "RSA");
    }

    String signer() {
        return chain.get(0).getSubjectX500Principal().toString();
    }
}
