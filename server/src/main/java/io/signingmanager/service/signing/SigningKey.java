package io.signingmanager.service.signing;

import io.signingmanager.common.crypto.KeyType;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/** A private key with its certificate's public key, ready to sign; what the service caches per certificate. */
public final class SigningKey {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final KeyType type;
    private final int size;
    // BouncyCastle forms, made once: for RSA-PSS over a digest, which the JDK's providers do not offer,
    // and for ECDSA, on the custom curve's domain (Ecdsa); the only copy of the key beside privateKey.
    private volatile AsymmetricKeyParameter bcPrivate;
    private volatile AsymmetricKeyParameter bcPublic;
    // Per JCA algorithm name, ready JDK Signature objects for this key.
    private final Map<String, SignaturePool> signers = new ConcurrentHashMap<>();
    private final Map<String, SignaturePool> verifiers = new ConcurrentHashMap<>();

    public SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.type = typeOf(publicKey);
        this.size = sizeOf(publicKey);
    }

    public static KeyType typeOf(PublicKey key) {
        if (key instanceof RSAKey) {
            return KeyType.RSA;
        }
        if (key instanceof ECKey) {
            return KeyType.EC;
        }
        throw new IllegalArgumentException("Unsupported key algorithm " + key.getAlgorithm());
    }

    public static int sizeOf(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize();
        }
        throw new IllegalArgumentException("Unsupported key algorithm " + key.getAlgorithm());
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public KeyType type() {
        return type;
    }

    public int size() {
        return size;
    }

    SignaturePool signer(String jcaName) {
        return signers.computeIfAbsent(jcaName, name -> SignaturePool.signing(name, privateKey));
    }

    SignaturePool verifier(String jcaName) {
        return verifiers.computeIfAbsent(jcaName, name -> SignaturePool.verifying(name, publicKey));
    }

    AsymmetricKeyParameter bcPrivate() throws GeneralSecurityException {
        if (bcPrivate == null) {
            try {
                bcPrivate = privateKey instanceof ECPrivateKey ec ? Ecdsa.privateParameters(ec)
                        : PrivateKeyFactory.createKey(privateKey.getEncoded());
            } catch (IOException e) {
                throw new GeneralSecurityException("The private key cannot be read by BouncyCastle", e);
            }
        }
        return bcPrivate;
    }

    AsymmetricKeyParameter bcPublic() throws GeneralSecurityException {
        if (bcPublic == null) {
            try {
                bcPublic = publicKey instanceof ECPublicKey ec ? Ecdsa.publicParameters(ec)
                        : PublicKeyFactory.createKey(publicKey.getEncoded());
            } catch (IOException e) {
                throw new GeneralSecurityException("The public key cannot be read by BouncyCastle", e);
            }
        }
        return bcPublic;
    }

    ECPrivateKeyParameters ecPrivate() throws GeneralSecurityException {
        if (bcPrivate() instanceof ECPrivateKeyParameters ec) {
            return ec;
        }
        throw new GeneralSecurityException("ECDSA needs an EC key, this one is " + type);
    }

    ECPublicKeyParameters ecPublic() throws GeneralSecurityException {
        if (bcPublic() instanceof ECPublicKeyParameters ec) {
            return ec;
        }
        throw new GeneralSecurityException("ECDSA needs an EC key, this one is " + type);
    }
}
