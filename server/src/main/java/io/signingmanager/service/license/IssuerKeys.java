package io.signingmanager.service.license;

import io.signingmanager.common.crypto.Pem;
import io.signingmanager.service.storage.OwnerOnlyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/** The license issuer's Ed25519 keys as PEM files. */
public final class IssuerKeys {
    /** The issuer's public key in a data folder, used when no --license-issuer is given. */
    public static final String FILE_IN_DATA_FOLDER = "license-issuer.pub";

    private IssuerKeys() {
    }

    public static KeyPair generate() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    public static void write(KeyPair pair, Path privateKeyFile, Path publicKeyFile) throws IOException {
        OwnerOnlyFiles.write(privateKeyFile, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        Files.writeString(publicKeyFile, Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    public static PublicKey readPublic(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(file, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " does not hold an Ed25519 public key", e);
        }
    }

    public static PrivateKey readPrivate(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(file, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " does not hold an Ed25519 private key", e);
        }
    }

    private static byte[] der(Path file, String type) throws IOException {
        try {
            return Pem.decode(Files.readString(file), type);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not a PEM " + type.toLowerCase(java.util.Locale.ROOT) + " file", e);
        }
    }
}
