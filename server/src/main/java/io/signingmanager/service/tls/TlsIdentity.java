package io.signingmanager.service.tls;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.Pem;
import io.signingmanager.service.storage.OwnerOnlyFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** The service's TLS key and certificate chain: self-signed and kept in the data folder, or the operator's own. */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {
    public static final String KEY_FILE = "tls-key.pem";
    public static final String CERTIFICATE_FILE = "tls-certificate.pem";

    /** The SHA-256 fingerprint of the leaf certificate, as clients pin it. */
    public String sha256() {
        return Fingerprints.sha256(chain.get(0));
    }

    /**
     * The identity as an in-memory key store for Jetty, never written anywhere: JKS, because PKCS#12 would
     * wrap the key with PBKDF2 (10,000 rounds to store it, as many again for Jetty to read it), start-up time
     * that protects nothing here.
     */
    public KeyStore keyStore(char[] password) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("JKS");
        store.load(null, null);
        store.setKeyEntry("tls", key, password, chain.toArray(new Certificate[0]));
        return store;
    }

    /** The self-signed identity in the data folder, made on first start. */
    public static TlsIdentity selfSigned(Path dataFolder) throws IOException, GeneralSecurityException {
        Path keyFile = dataFolder.resolve(KEY_FILE);
        Path certificateFile = dataFolder.resolve(CERTIFICATE_FILE);
        if (Files.exists(keyFile) && Files.exists(certificateFile)) {
            return fromPem(certificateFile, keyFile);
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X509Certificate certificate = selfSignedCertificate(pair);
        // PKCS#8 rather than SEC1: it keeps the curve with the key, so the JDK reads it back.
        OwnerOnlyFiles.write(keyFile, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(certificateFile, Certificates.pem(certificate.getEncoded()));
        return new TlsIdentity(pair.getPrivate(), List.of(certificate));
    }

    /** Where {@link #selfSigned} keeps the certificate, for those who check what the service serves. */
    public static Path selfSignedCertificate(Path dataFolder) {
        return dataFolder.resolve(CERTIFICATE_FILE);
    }

    /** The operator's PEM certificate chain (leaf first) and PEM private key. */
    public static TlsIdentity fromPem(Path certificateChain, Path privateKey) throws IOException {
        List<X509Certificate> chain;
        try {
            chain = Certificates.parseAll(Files.readAllBytes(certificateChain));
        } catch (IllegalArgumentException e) {
            throw new IOException("No certificate can be read from " + certificateChain, e);
        }
        if (chain.isEmpty()) {
            throw new IOException("No certificate in " + certificateChain);
        }
        try (Reader reader = Files.newBufferedReader(privateKey)) {
            Object read = new PEMParser(reader).readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            PrivateKey key;
            if (read instanceof PEMKeyPair pair) {
                key = converter.getPrivateKey(pair.getPrivateKeyInfo());
            } else if (read instanceof PrivateKeyInfo info) {
                key = converter.getPrivateKey(info);
            } else {
                throw new IOException("No unencrypted private key in " + privateKey);
            }
            return new TlsIdentity(key, chain);
        }
    }

    /** The operator's PKCS#12 file holding one key entry. */
    public static TlsIdentity fromPkcs12(Path file, char[] password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate certificate : store.getCertificateChain(alias)) {
                    chain.add((X509Certificate) certificate);
                }
                return new TlsIdentity((PrivateKey) store.getKey(alias, password), chain);
            }
        }
        throw new IOException("No private key in " + file);
    }

    private static X509Certificate selfSignedCertificate(KeyPair pair) throws GeneralSecurityException, IOException {
        X500Name name = new X500Name("CN=Signing Service (self-signed)");
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternativeNames()));
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("Cannot sign the TLS certificate", e);
        }
    }

    private static GeneralName[] alternativeNames() {
        Set<GeneralName> names = new LinkedHashSet<>();
        names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (!host.isBlank() && !host.equals("localhost")) {
                names.add(new GeneralName(GeneralName.dNSName, host));
            }
        } catch (IOException e) {
            // A machine without a resolvable name is still reachable as localhost.
        }
        return names.toArray(new GeneralName[0]);
    }
}
