package io.signingmanager.manager.provider;

import io.signingmanager.common.crypto.KeyType;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.manager.connection.Signed;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECParameterSpec;
import java.math.BigInteger;
import java.util.function.Consumer;

/**
 * A handle on a private key that stays on the Signing Service: it has no encoding, and this
 * provider's {@code Signature} objects send its digests to be signed remotely. It carries the
 * audit context its signatures are recorded with, and where their receipts in the signing log go.
 */
public abstract sealed class RemotePrivateKey implements PrivateKey {
    private static final long serialVersionUID = 1L;

    private final String sha1;
    private final transient SigningRoute route;
    private final transient SignContext context;
    private final transient Consumer<Receipt> receipts;

    private RemotePrivateKey(String sha1, SigningRoute route, SignContext context, Consumer<Receipt> receipts) {
        this.sha1 = sha1;
        this.route = route;
        this.context = context;
        this.receipts = receipts;
    }

    /** The key of that identity, RSA or EC as its certificate says. */
    static RemotePrivateKey of(RemoteIdentity identity, SigningRoute route) {
        PublicKey publicKey = identity.leaf().getPublicKey();
        if (publicKey instanceof RSAPublicKey rsa) {
            return new Rsa(identity.sha1(), route, null, null, rsa.getModulus());
        }
        if (publicKey instanceof ECPublicKey ec) {
            return new Ec(identity.sha1(), route, null, null, ec.getParams());
        }
        throw new IllegalArgumentException("The certificate " + identity.sha1() + " has a "
                + publicKey.getAlgorithm() + " key, neither RSA nor EC");
    }

    /** The SHA-1 fingerprint of the key's certificate. */
    public String sha1() {
        return sha1;
    }

    /** The same key, whose signatures the audit records with that context ({@code fileName}, ...). */
    public RemotePrivateKey withContext(SignContext signContext) {
        return copy(signContext, receipts);
    }

    /** The same key, handing each signature's receipt (when the route brings one) to {@code sink}. */
    public RemotePrivateKey withReceipts(Consumer<Receipt> sink) {
        return copy(context, sink);
    }

    abstract RemotePrivateKey copy(SignContext signContext, Consumer<Receipt> sink);

    abstract KeyType keyType();

    byte[] sign(SignatureAlgorithm algorithm, byte[] data) throws Problem {
        Signed signed = route.sign(sha1, algorithm, data, context);
        if (receipts != null && signed.receipt() != null) {
            receipts.accept(signed.receipt());
        }
        return signed.signature();
    }

    SigningRoute route() {
        return route;
    }

    @Override
    public String getAlgorithm() {
        return keyType().name();
    }

    /** No encoding: the key material never leaves the service. */
    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    /** An RSA key; its modulus tells tools such as jarsigner its size. */
    static final class Rsa extends RemotePrivateKey implements RSAKey {
        private static final long serialVersionUID = 1L;
        private final BigInteger modulus;

        Rsa(String sha1, SigningRoute route, SignContext context, Consumer<Receipt> receipts, BigInteger modulus) {
            super(sha1, route, context, receipts);
            this.modulus = modulus;
        }

        @Override
        RemotePrivateKey copy(SignContext signContext, Consumer<Receipt> sink) {
            return new Rsa(sha1(), route(), signContext, sink, modulus);
        }

        @Override
        KeyType keyType() {
            return KeyType.RSA;
        }

        @Override
        public BigInteger getModulus() {
            return modulus;
        }
    }

    /** An EC key; its curve tells tools its size. */
    static final class Ec extends RemotePrivateKey implements ECKey {
        private static final long serialVersionUID = 1L;
        private final transient ECParameterSpec params;

        Ec(String sha1, SigningRoute route, SignContext context, Consumer<Receipt> receipts, ECParameterSpec params) {
            super(sha1, route, context, receipts);
            this.params = params;
        }

        @Override
        RemotePrivateKey copy(SignContext signContext, Consumer<Receipt> sink) {
            return new Ec(sha1(), route(), signContext, sink, params);
        }

        @Override
        KeyType keyType() {
            return KeyType.EC;
        }

        @Override
        public ECParameterSpec getParams() {
            return params;
        }
    }
}
