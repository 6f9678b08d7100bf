package io.signingmanager.service.testing;

import io.signingmanager.common.crypto.Fingerprints;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Signing identities and .p12 files made in the test with BouncyCastle, in milliseconds (RSA 4096 aside). */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    /** A key pair and its chain, leaf first. */
    public record TestIdentity(KeyPair keys, List<X509Certificate> chain) {
        public X509Certificate leaf() {
            return chain.get(0);
        }

        public String sha1() {
            return Fingerprints.sha1(leaf());
        }

        public PrivateKey privateKey() {
            return keys.getPrivate();
        }

        public byte[] p12(String password) {
            return TestPki.p12(password, this);
        }
    }

    public static KeyPair rsaKeys(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code curve}: secp256r1, secp384r1, or any other the JDK knows (to test refusals). */
    public static KeyPair ecKeys(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestIdentity rsa(int bits, String commonName) {
        return selfSigned(commonName, rsaKeys(bits), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
    }

    public static TestIdentity ec(String curve, String commonName) {
        return selfSigned(commonName, ecKeys(curve), Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(365)));
    }

    public static TestIdentity selfSigned(String commonName, KeyPair keys, Instant notBefore, Instant notAfter) {
        X509Certificate certificate = certificate(commonName, keys, notBefore, notAfter, commonName, keys.getPrivate(), false);
        return new TestIdentity(keys, List.of(certificate));
    }

    /** A leaf issued by a freshly made CA: the chain has two certificates. */
    public static TestIdentity issuedByCa(String commonName, KeyPair leafKeys) {
        KeyPair caKeys = rsaKeys(2048);
        Instant from = Instant.now().minus(Duration.ofDays(1));
        Instant to = Instant.now().plus(Duration.ofDays(365));
        String caName = "Test Code Signing CA";
        X509Certificate ca = certificate(caName, caKeys, from, to, caName, caKeys.getPrivate(), true);
        X509Certificate leaf = certificate(commonName, leafKeys, from, to, caName, caKeys.getPrivate(), false);
        return new TestIdentity(leafKeys, List.of(leaf, ca));
    }

    /**
     * A P-256 leaf under a chain of {@code length - 1} CAs, each issued by the next; the CAs share one
     * key so that a chain of a thousand takes a second, not minutes.
     */
    public static TestIdentity withChainOf(int length, String commonName) {
        KeyPair caKeys = ecKeys("secp256r1");
        KeyPair leafKeys = ecKeys("secp256r1");
        Instant from = Instant.now().minus(Duration.ofDays(1));
        Instant to = Instant.now().plus(Duration.ofDays(365));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate(commonName, leafKeys, from, to, "Chain CA 1", caKeys.getPrivate(), false));
        for (int i = 1; i < length; i++) {
            String issuer = i == length - 1 ? "Chain CA " + i : "Chain CA " + (i + 1);
            chain.add(certificate("Chain CA " + i, caKeys, from, to, issuer, caKeys.getPrivate(), true));
        }
        return new TestIdentity(leafKeys, List.copyOf(chain));
    }

    /** A .p12 holding each identity as its own key entry. */
    public static byte[] p12(String password, TestIdentity... identities) {
        try {
            KeyStore store = emptyStore();
            for (int i = 0; i < identities.length; i++) {
                store.setKeyEntry("identity" + i, identities[i].privateKey(), password.toCharArray(),
                        identities[i].chain().toArray(new Certificate[0]));
            }
            return write(store, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A .p12 whose key entry pairs one identity's private key with another's certificate. */
    public static byte[] p12WithForeignKey(String password, TestIdentity certificateOwner, KeyPair otherKeys) {
        try {
            KeyStore store = emptyStore();
            store.setKeyEntry("mismatch", otherKeys.getPrivate(), password.toCharArray(),
                    certificateOwner.chain().toArray(new Certificate[0]));
            return write(store, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A .p12 with certificates only. */
    public static byte[] p12CertificatesOnly(String password, TestIdentity identity) {
        try {
            KeyStore store = emptyStore();
            store.setCertificateEntry("certificate", identity.leaf());
            return write(store, password);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }

    private static byte[] write(KeyStore store, String password) throws GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            store.store(out, password.toCharArray());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static X509Certificate certificate(String commonName, KeyPair subjectKeys, Instant notBefore, Instant notAfter,
                                               String issuerName, PrivateKey issuerKey, boolean ca) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuerName + ",O=Test"),
                    new BigInteger(64, RANDOM), Date.from(notBefore), Date.from(notAfter),
                    new X500Name("CN=" + commonName + ",O=Test"), subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (ca) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            }
            String algorithm = issuerKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("Test certificate cannot be made", e);
        }
    }

}
