package io.signingmanager.service.signing;

import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.engines.RSABlindedEngine;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.PSSSigner;

/**
 * Signs the protocol's {@code data} (a digest, or a DigestInfo for RSA_PKCS1_RAW) and verifies the
 * result. The JDK does PKCS#1 v1.5 over a prepared input ({@code NONEwithRSA}, pooled: it is faster
 * than BouncyCastle for RSA); BouncyCastle's raw PSS signer does RSA-PSS over a digest, and its
 * lightweight ECDSA on the custom curves does ECDSA ({@link Ecdsa}: several times the JDK's speed,
 * deterministic nonces, DER without low-S normalisation).
 */
public final class SignatureEngine {
    private static final SecureRandom RANDOM = new SecureRandom();

    private SignatureEngine() {
    }

    public static byte[] sign(SignatureAlgorithm algorithm, SigningKey key, byte[] data) throws GeneralSecurityException {
        return switch (algorithm.scheme()) {
            case PKCS1 -> jdkSign("NONEwithRSA", key, algorithm.hash().digestInfo(data));
            case PKCS1_RAW -> jdkSign("NONEwithRSA", key, data);
            case ECDSA -> Ecdsa.sign(bcDigest(algorithm.hash() == null ? HashAlgorithm.SHA512 : algorithm.hash()),
                    key.ecPrivate(), data);
            case PSS -> pss(algorithm.hash(), key, data);
        };
    }

    public static boolean verify(SignatureAlgorithm algorithm, SigningKey key, byte[] data, byte[] signature)
            throws GeneralSecurityException {
        return switch (algorithm.scheme()) {
            case PKCS1 -> jdkVerify("NONEwithRSA", key, algorithm.hash().digestInfo(data), signature);
            case PKCS1_RAW -> jdkVerify("NONEwithRSA", key, data, signature);
            case ECDSA -> Ecdsa.verify(key.ecPublic(), data, signature);
            case PSS -> pssVerify(algorithm.hash(), key, data, signature);
        };
    }

    private static byte[] jdkSign(String jcaName, SigningKey key, byte[] input) throws GeneralSecurityException {
        return key.signer(jcaName).sign(input);
    }

    private static boolean jdkVerify(String jcaName, SigningKey key, byte[] input, byte[] signed)
            throws GeneralSecurityException {
        return key.verifier(jcaName).verify(input, signed);
    }

    private static byte[] pss(HashAlgorithm hash, SigningKey key, byte[] digest) throws GeneralSecurityException {
        try {
            PSSSigner signer = rawPss(hash);
            signer.init(true, new ParametersWithRandom(key.bcPrivate(), RANDOM));
            signer.update(digest, 0, digest.length);
            return signer.generateSignature();
        } catch (CryptoException e) {
            throw new GeneralSecurityException("RSA-PSS signing failed", e);
        }
    }

    private static boolean pssVerify(HashAlgorithm hash, SigningKey key, byte[] digest, byte[] signature)
            throws GeneralSecurityException {
        PSSSigner verifier = rawPss(hash);
        verifier.init(false, key.bcPublic());
        verifier.update(digest, 0, digest.length);
        return verifier.verifySignature(signature);
    }

    /** PSS over a digest: MGF1 with the same hash, salt as long as the hash. */
    private static PSSSigner rawPss(HashAlgorithm hash) {
        return PSSSigner.createRawSigner(new RSABlindedEngine(), bcDigest(hash), bcDigest(hash),
                hash.digestLength(), PSSSigner.TRAILER_IMPLICIT);
    }

    /** The hash of PSS's MGF1 and salt, and of ECDSA's RFC 6979 nonce: the algorithm's own. */
    private static Digest bcDigest(HashAlgorithm hash) {
        return switch (hash) {
            case SHA256 -> new SHA256Digest();
            case SHA384 -> new SHA384Digest();
            case SHA512 -> new SHA512Digest();
            case SHA1 -> throw new IllegalArgumentException("PSS and ECDSA with SHA-1 are not offered");
        };
    }
}
