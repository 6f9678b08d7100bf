package io.signingmanager.service.signing;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.List;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA over a digest with BouncyCastle's lightweight API on its custom curves
 * ({@link CustomNamedCurves}): on this kind of machine it signs and verifies P-256 about seven times
 * faster than the JDK 17's {@code NONEwithECDSA}, P-384 and P-521 five to nine times (see
 * docs/performance.md). The nonce is deterministic (RFC 6979, {@link HMacDSAKCalculator} with the
 * algorithm's own hash, SHA-512 for ECDSA_RAW's digests of any hash), so the same digest and key always give the same signature and a weak random
 * source cannot expose the key through its nonces. The signature is DER, a SEQUENCE of the INTEGERs r and s, as the JDK made
 * it. BouncyCastle does not normalise s to the lower half of the group order ("low-S"), and neither do
 * we: s and n - s both verify under ECDSA, and none of the formats the clients sign (Authenticode, JAR,
 * CMS and the like) asks for low-S; about half the signatures have a high s, which a low-S-only verifier would refuse.
 * A digest longer than the order is cut to its leftmost bits, as X9.62 and the JDK do.
 */
final class Ecdsa {
    // The domain parameters are built once: the signer's fixed-point multiplier keeps its precomputed
    // multiples of the generator on the generator point, which a new domain would compute again.
    private static final List<ECDomainParameters> CURVES = List.of(curve("secp256r1"), curve("secp384r1"), curve("secp521r1"));

    private Ecdsa() {
    }

    static byte[] sign(Digest nonceHash, ECPrivateKeyParameters key, byte[] digest) {
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(nonceHash));
        signer.init(true, key);
        BigInteger[] rs = signer.generateSignature(digest);
        return encode(key.getParameters(), rs);
    }

    /** False for a signature that does not verify and for one that is not strict DER. */
    static boolean verify(ECPublicKeyParameters key, byte[] digest, byte[] signature) {
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(key.getParameters().getN(), signature);
        } catch (IOException | RuntimeException e) {
            // Malformed input: BouncyCastle's decoder throws IllegalArgumentException, or NullPointerException
            // on empty input.
            return false;
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, key);
        return verifier.verifySignature(digest, rs[0], rs[1]);
    }

    /** The private scalar on the custom curve's domain; no encoded copy of the key is made. */
    static ECPrivateKeyParameters privateParameters(ECPrivateKey key) throws GeneralSecurityException {
        try {
            return new ECPrivateKeyParameters(key.getS(), domainOf(key.getParams()));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("The EC private key is out of its curve's range", e);
        }
    }

    /** The public point on the custom curve's domain; BouncyCastle checks that it lies on the curve. */
    static ECPublicKeyParameters publicParameters(ECPublicKey key) throws GeneralSecurityException {
        ECDomainParameters domain = domainOf(key.getParams());
        ECPoint w = key.getW();
        try {
            return new ECPublicKeyParameters(domain.getCurve().createPoint(w.getAffineX(), w.getAffineY()), domain);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("The EC public key is not a point of its curve", e);
        }
    }

    private static byte[] encode(ECDomainParameters domain, BigInteger[] rs) {
        try {
            return StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
        }
    }

    /** The custom curve whose order and generator are the key's: P-256, P-384 or P-521. */
    private static ECDomainParameters domainOf(ECParameterSpec spec) throws GeneralSecurityException {
        for (ECDomainParameters domain : CURVES) {
            if (domain.getN().equals(spec.getOrder())
                    && domain.getG().getAffineXCoord().toBigInteger().equals(spec.getGenerator().getAffineX())
                    && domain.getG().getAffineYCoord().toBigInteger().equals(spec.getGenerator().getAffineY())) {
                return domain;
            }
        }
        throw new GeneralSecurityException("ECDSA is offered on P-256, P-384 and P-521 only");
    }

    private static ECDomainParameters curve(String name) {
        return new ECDomainParameters(CustomNamedCurves.getByName(name));
    }
}
