package io.signingmanager.service.certificates;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.KeyType;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.signing.SignatureEngine;
import io.signingmanager.service.signing.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Reads a {@code .p12} upload and checks it is one usable signing identity: readable, the right
 * password, exactly one key, a certificate whose public key is that key, RSA 2048-4096 or EC P-256/P-384,
 * and a chain of at most {@value #MAX_CHAIN} certificates.
 */
final class P12Reader {
    // The sizes of the certificates table's columns (V1__schema.sql).
    private static final int MAX_COMMON_NAME = 500;
    private static final int MAX_NAME = 2000;
    private static final int MAX_SERIAL_HEX = 100;
    // Every identities answer carries the whole chain; real ones have 2 to 4 certificates.
    static final int MAX_CHAIN = 10;
    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(SECObjectIdentifiers.secp256r1, SECObjectIdentifiers.secp384r1);

    private P12Reader() {
    }

    static ImportedIdentity read(byte[] file, char[] password) throws Refusal {
        KeyStore store = load(file, password);
        try {
            List<String> keyAliases = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    keyAliases.add(alias);
                }
            }
            if (keyAliases.isEmpty()) {
                throw new Refusal(ErrorCode.NO_PRIVATE_KEY, "The .p12 file holds no private key, only certificates");
            }
            if (keyAliases.size() > 1) {
                throw new Refusal(ErrorCode.SEVERAL_KEYS, "The .p12 file holds " + keyAliases.size()
                        + " private keys; import one identity at a time");
            }
            String alias = keyAliases.get(0);
            PrivateKey privateKey = (PrivateKey) store.getKey(alias, password);
            Certificate[] chain = store.getCertificateChain(alias);
            if (chain == null || chain.length == 0) {
                throw new Refusal(ErrorCode.INVALID_P12, "The private key in the .p12 file has no certificate");
            }
            if (chain.length > MAX_CHAIN) {
                throw new Refusal(ErrorCode.INVALID_P12, "The certificate chain in the .p12 file has "
                        + chain.length + " certificates; at most " + MAX_CHAIN + " are supported");
            }
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : chain) {
                certificates.add((X509Certificate) certificate);
            }
            checkStorable(certificates.get(0));
            SigningKey key = supportedKey(privateKey, certificates.get(0));
            return new ImportedIdentity(key, List.copyOf(certificates));
        } catch (UnrecoverableKeyException e) {
            throw new Refusal(ErrorCode.WRONG_PASSWORD, "The P12 password is wrong");
        } catch (GeneralSecurityException e) {
            throw new Refusal(ErrorCode.INVALID_P12, "The .p12 file cannot be read: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(byte[] file, char[] password) throws Refusal {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(file), password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new Refusal(ErrorCode.WRONG_PASSWORD, "The P12 password is wrong");
            }
            throw new Refusal(ErrorCode.INVALID_P12, "The file is not a readable .p12 (PKCS#12) file; it may be truncated or of another kind");
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new Refusal(ErrorCode.INVALID_P12, "The file is not a readable .p12 (PKCS#12) file", e);
        }
    }

    /** The leaf's names and serial fit the columns they are stored in (far beyond what any CA issues). */
    private static void checkStorable(X509Certificate leaf) throws Refusal {
        checkLength("common name", Certificates.commonName(leaf), MAX_COMMON_NAME);
        checkLength("subject", leaf.getSubjectX500Principal().getName(), MAX_NAME);
        checkLength("issuer", leaf.getIssuerX500Principal().getName(), MAX_NAME);
        checkLength("serial number", leaf.getSerialNumber().toString(16), MAX_SERIAL_HEX);
    }

    private static void checkLength(String what, String value, int max) throws Refusal {
        if (value.length() > max) {
            throw new Refusal(ErrorCode.INVALID_P12, "The certificate's " + what + " has " + value.length()
                    + " characters; at most " + max + " are supported");
        }
    }

    private static SigningKey supportedKey(PrivateKey privateKey, X509Certificate certificate) throws Refusal {
        SigningKey key;
        try {
            key = new SigningKey(privateKey, certificate.getPublicKey());
        } catch (IllegalArgumentException e) {
            throw new Refusal(ErrorCode.UNSUPPORTED_KEY, "Only RSA and EC keys can sign here, this one is "
                    + certificate.getPublicKey().getAlgorithm());
        }
        if (!privateKey.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            throw mismatch();
        }
        if (key.type() == KeyType.RSA && (key.size() < 2048 || key.size() > 4096)) {
            throw new Refusal(ErrorCode.UNSUPPORTED_KEY, "RSA keys of 2048 to 4096 bits are supported, this one has " + key.size());
        }
        if (key.type() == KeyType.EC && !CURVES.contains(curve(certificate))) {
            throw new Refusal(ErrorCode.UNSUPPORTED_KEY, "EC keys on P-256 or P-384 are supported, this one is on another curve");
        }
        if (!keyMatchesCertificate(key)) {
            throw mismatch();
        }
        return key;
    }

    private static Refusal mismatch() {
        return new Refusal(ErrorCode.KEY_MISMATCH, "The private key does not belong to the certificate in the .p12 file");
    }

    private static ASN1ObjectIdentifier curve(X509Certificate certificate) {
        var parameters = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()).getAlgorithm().getParameters();
        return parameters instanceof ASN1ObjectIdentifier oid ? oid : null;
    }

    /** Signs a random digest with the private key and verifies it with the certificate. */
    private static boolean keyMatchesCertificate(SigningKey key) {
        SignatureAlgorithm probe = key.type() == KeyType.RSA ? SignatureAlgorithm.RSA_PKCS1_SHA256 : SignatureAlgorithm.ECDSA_SHA256;
        byte[] digest = new byte[32];
        new SecureRandom().nextBytes(digest);
        try {
            return SignatureEngine.verify(probe, key, digest, SignatureEngine.sign(probe, key, digest));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
