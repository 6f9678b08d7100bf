package io.signingmanager.service.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.crypto.KeyType;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.service.testing.TestPki;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ECDSA on BouncyCastle's custom curves, checked against the JDK and openssl, for every EC algorithm. */
class EcdsaTest {
    private static final List<String> CURVES = List.of("secp256r1", "secp384r1", "secp521r1");
    private static final List<KeyPair> KEYS = CURVES.stream().map(TestPki::ecKeys).toList();

    @TempDir
    Path folder;

    static Stream<Arguments> curvesAndAlgorithms() {
        return KEYS.stream().flatMap(keys -> Arrays.stream(SignatureAlgorithm.values())
                .filter(algorithm -> algorithm.keyType() == KeyType.EC && algorithm.hash() != null)
                .map(algorithm -> Arguments.of(CURVES.get(KEYS.indexOf(keys)), algorithm)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("curvesAndAlgorithms")
    void signaturesAreStrictDerThatTheJdkVerifiesAndTheSameForTheSameDigest(String curve, SignatureAlgorithm algorithm)
            throws Exception {
        KeyPair keys = KEYS.get(CURVES.indexOf(curve));
        SigningKey key = new SigningKey(keys.getPrivate(), keys.getPublic());
        byte[] message = ("a message to sign on " + curve).getBytes(StandardCharsets.UTF_8);
        byte[] digest = algorithm.hash().digest(message);

        byte[] signature = SignatureEngine.sign(algorithm, key, digest);

        assertThat(SignatureEngine.verify(algorithm, key, digest, signature)).isTrue();
        assertThat(jdkVerify("NONEwithECDSA", keys, digest, signature)).isTrue();
        assertThat(jdkVerify(algorithm.hash().jcaName().replace("-", "") + "withECDSA", keys, message, signature)).isTrue();
        assertStrictDer(signature, ((ECPublicKey) keys.getPublic()).getParams().getOrder());
        assertThat(SignatureEngine.sign(algorithm, key, digest)).isEqualTo(signature);
        assertThat(SignatureEngine.sign(algorithm, key, otherDigest(digest))).isNotEqualTo(signature);
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("curvesAndAlgorithms")
    void opensslVerifiesEverySignature(String curve, SignatureAlgorithm algorithm) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed (scripts/test.sh installs it)");
        KeyPair keys = KEYS.get(CURVES.indexOf(curve));
        SigningKey key = new SigningKey(keys.getPrivate(), keys.getPublic());
        byte[] message = new byte[1000];
        new SecureRandom().nextBytes(message);
        Path publicKey = publicKeyPem(keys);
        Path data = Files.write(folder.resolve("message.bin"), message);
        Path signature = Files.write(folder.resolve("signature.der"),
                SignatureEngine.sign(algorithm, key, algorithm.hash().digest(message)));
        String hash = "-" + algorithm.hash().jcaName().replace("-", "").toLowerCase();

        assertThat(openssl("dgst", hash, "-verify", publicKey.toString(), "-signature", signature.toString(), data.toString()))
                .contains("Verified OK");

        Files.write(data, otherDigest(message));
        assertThat(openssl("dgst", hash, "-verify", publicKey.toString(), "-signature", signature.toString(), data.toString()))
                .contains("Verification failure");
    }

    @Test
    void rawEcdsaSignsADigestOfAnyLengthCutToTheOrderAsTheJdkAndOpensslDo() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed (scripts/test.sh installs it)");
        for (KeyPair keys : KEYS) {
            SigningKey key = new SigningKey(keys.getPrivate(), keys.getPublic());
            Path publicKey = publicKeyPem(keys);
            for (int length : new int[] {1, 20, 28, 64, 100, SignatureAlgorithm.MAX_RAW_ECDSA_BYTES}) {
                byte[] digest = new byte[length];
                new SecureRandom().nextBytes(digest);
                byte[] signature = SignatureEngine.sign(SignatureAlgorithm.ECDSA_RAW, key, digest);

                assertThat(SignatureEngine.verify(SignatureAlgorithm.ECDSA_RAW, key, digest, signature)).isTrue();
                assertThat(SignatureEngine.sign(SignatureAlgorithm.ECDSA_RAW, key, digest)).isEqualTo(signature);
                Signature bouncyCastle = Signature.getInstance("NONEwithECDSA", new BouncyCastleProvider());
                bouncyCastle.initVerify(keys.getPublic());
                bouncyCastle.update(digest);
                assertThat(bouncyCastle.verify(signature)).as(length + " bytes").isTrue();
                // The JDK and openssl take at most 64 bytes; of a longer digest X9.62 signs the leftmost bits, those
                // of its first bytes as many as the order's.
                int orderBytes = (((ECPublicKey) keys.getPublic()).getParams().getOrder().bitLength() + 7) / 8;
                byte[] signed = length <= 64 ? digest : Arrays.copyOf(digest, orderBytes);
                if (signed.length <= 64) {
                    assertThat(jdkVerify("NONEwithECDSA", keys, signed, signature)).as(length + " bytes").isTrue();
                    Path data = Files.write(folder.resolve("digest.bin"), signed);
                    Path signatureFile = Files.write(folder.resolve("signature.der"), signature);
                    assertThat(openssl("pkeyutl", "-verify", "-pubin", "-inkey", publicKey.toString(), "-in",
                            data.toString(), "-sigfile", signatureFile.toString())).as(length + " bytes")
                            .contains("Signature Verified Successfully");
                }
            }
        }
    }

    @Test
    void aChangedOrNonDerSignatureDoesNotVerify() throws Exception {
        KeyPair keys = KEYS.get(0);
        SigningKey key = new SigningKey(keys.getPrivate(), keys.getPublic());
        byte[] digest = SignatureAlgorithm.ECDSA_SHA256.hash().digest(new byte[] {1, 2, 3});
        byte[] signature = SignatureEngine.sign(SignatureAlgorithm.ECDSA_SHA256, key, digest);

        assertThat(SignatureEngine.verify(SignatureAlgorithm.ECDSA_SHA256, key, otherDigest(digest), signature)).isFalse();
        assertThat(SignatureEngine.verify(SignatureAlgorithm.ECDSA_SHA256, key, digest, otherDigest(signature))).isFalse();
        byte[] trailing = Arrays.copyOf(signature, signature.length + 1);
        assertThat(SignatureEngine.verify(SignatureAlgorithm.ECDSA_SHA256, key, digest, trailing)).isFalse();
        assertThat(SignatureEngine.verify(SignatureAlgorithm.ECDSA_SHA256, key, digest, new byte[0])).isFalse();
    }

    @Test
    void aPublicKeyOnAnotherCurveThanThePrivateKeyFindsTheSignatureInvalid() throws Exception {
        SigningKey mixed = new SigningKey(KEYS.get(0).getPrivate(), KEYS.get(1).getPublic());
        byte[] digest = new byte[32];
        byte[] signature = SignatureEngine.sign(SignatureAlgorithm.ECDSA_SHA256, mixed, digest);

        assertThat(SignatureEngine.verify(SignatureAlgorithm.ECDSA_SHA256, mixed, digest, signature)).isFalse();
    }

    @Test
    void aKeyOnAnotherCurveIsRefused() throws Exception {
        // The JDK 17 generates NIST curves only; BouncyCastle's provider makes a secp256k1 key.
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("secp256k1"));
        KeyPair other = generator.generateKeyPair();
        SigningKey key = new SigningKey(other.getPrivate(), other.getPublic());

        assertThatThrownBy(() -> SignatureEngine.sign(SignatureAlgorithm.ECDSA_SHA256, key, new byte[32]))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("P-256, P-384 and P-521");
    }

    /** A SEQUENCE of two positive INTEGERs below the order, encoded exactly as DER encodes it again. */
    private static void assertStrictDer(byte[] signature, BigInteger order) throws IOException {
        ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(signature));
        assertThat(sequence.size()).isEqualTo(2);
        for (int i = 0; i < 2; i++) {
            BigInteger value = ASN1Integer.getInstance(sequence.getObjectAt(i)).getValue();
            assertThat(value.signum()).isPositive();
            assertThat(value).isLessThan(order);
        }
        assertThat(sequence.getEncoded(ASN1Encoding.DER)).isEqualTo(signature);
    }

    private Path publicKeyPem(KeyPair keys) throws IOException {
        return Files.writeString(folder.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }

    private static boolean jdkVerify(String jcaName, KeyPair keys, byte[] input, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance(jcaName);
        verifier.initVerify(keys.getPublic());
        verifier.update(input);
        return verifier.verify(signature);
    }

    /** Changed in its first byte: ECDSA reads only the leftmost bits of a digest longer than the order. */
    private static byte[] otherDigest(byte[] digest) {
        byte[] other = digest.clone();
        other[0] ^= 1;
        return other;
    }

    private static String openssl(String... arguments) throws Exception {
        Process process = new ProcessBuilder(Stream.concat(Stream.of("openssl"), Arrays.stream(arguments)).toList())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
