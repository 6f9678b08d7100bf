package io.signingmanager.bench;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A self-signed code signing identity made for the run, and the algorithm it is benchmarked with. */
record BenchIdentity(String label, SignatureAlgorithm algorithm, KeyPair keys, X509Certificate certificate) {
    private static final SecureRandom RANDOM = new SecureRandom();

    static BenchIdentity rsa2048() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return make("RSA-2048", SignatureAlgorithm.RSA_PKCS1_SHA256, generator.generateKeyPair(), "SHA256withRSA");
    }

    static BenchIdentity p256() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return make("P-256", SignatureAlgorithm.ECDSA_SHA256, generator.generateKeyPair(), "SHA256withECDSA");
    }

    String sha1() {
        return Fingerprints.sha1(certificate);
    }

    /** The certificate as PEM, for tools that take a trusted CA file. */
    String certificatePem() throws CertificateEncodingException {
        return Certificates.pem(certificate.getEncoded());
    }

    byte[] p12(String password) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            store.load(null, null);
            store.setKeyEntry("identity", keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
            store.store(out, password.toCharArray());
        } catch (IOException e) {
            throw new GeneralSecurityException("The .p12 of " + label + " cannot be written", e);
        }
        return out.toByteArray();
    }

    private static BenchIdentity make(String label, SignatureAlgorithm algorithm, KeyPair keys, String certSignature)
            throws GeneralSecurityException {
        X500Name name = new X500Name("CN=Signing Bench " + label + ",O=Signing Manager");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(certSignature).build(keys.getPrivate())));
            return new BenchIdentity(label, algorithm, keys, certificate);
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("The " + label + " certificate cannot be made", e);
        }
    }
}
