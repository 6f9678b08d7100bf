package io.signingmanager.service.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.service.testing.TestPki;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignaturePoolTest {
    private static final KeyPair RSA = TestPki.rsaKeys(2048);
    private static final KeyPair EC = TestPki.ecKeys("secp256r1");

    @Test
    void reusedSignaturesFromManyThreadsEachSignTheirOwnInput() throws Exception {
        SignaturePool rsa = SignaturePool.signing("NONEwithRSA", RSA.getPrivate());
        SignaturePool ec = SignaturePool.signing("NONEwithECDSA", EC.getPrivate());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        byte[] digest = randomDigest();
                        byte[] digestInfo = HashAlgorithm.SHA256.digestInfo(digest);
                        assertThat(jdkVerify("NONEwithRSA", RSA, digestInfo, rsa.sign(digestInfo))).isTrue();
                        assertThat(jdkVerify("NONEwithECDSA", EC, digest, ec.sign(digest))).isTrue();
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aReusedEcdsaSignerDrawsAFreshNonceForEverySignature() throws Exception {
        SignaturePool ec = SignaturePool.signing("NONEwithECDSA", EC.getPrivate());
        byte[] digest = randomDigest();
        Set<String> signatures = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            byte[] signature = ec.sign(digest);
            assertThat(jdkVerify("NONEwithECDSA", EC, digest, signature)).isTrue();
            signatures.add(HexFormat.of().formatHex(signature));
        }

        assertThat(signatures).hasSize(20);
    }

    @Test
    void aVerifierThatRefusedOrThrewIsNotReused() throws Exception {
        SignaturePool signer = SignaturePool.signing("NONEwithRSA", RSA.getPrivate());
        SignaturePool verifier = SignaturePool.verifying("NONEwithRSA", RSA.getPublic());
        byte[] input = HashAlgorithm.SHA256.digestInfo(randomDigest());
        byte[] signature = signer.sign(input);
        assertThat(verifier.verify(input, signature)).isTrue();

        // Both leave the input inside the JDK's object, where it would stand before the next input.
        assertThat(verifier.verify(input, new byte[256])).isFalse();
        assertThat(verifier.verify(input, signature)).isTrue();
        assertThatThrownBy(() -> verifier.verify(input, new byte[300])).isInstanceOf(SignatureException.class);
        assertThat(verifier.verify(input, signature)).isTrue();

        assertThat(verifier.verify(HashAlgorithm.SHA256.digestInfo(randomDigest()), signature)).isFalse();
        assertThat(verifier.verify(input, signature)).isTrue();
    }

    private static boolean jdkVerify(String algorithm, KeyPair keys, byte[] input, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(keys.getPublic());
        verifier.update(input);
        return verifier.verify(signature);
    }

    private static byte[] randomDigest() {
        byte[] digest = new byte[32];
        new SecureRandom().nextBytes(digest);
        return digest;
    }
}
