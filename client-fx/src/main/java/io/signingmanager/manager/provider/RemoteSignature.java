package io.signingmanager.manager.provider;

import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.manager.connection.Problem;
import java.io.ByteArrayOutputStream;
import java.security.AlgorithmParameters;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.InvalidParameterSpecException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Hashes here and has the service sign the digest with a {@link RemotePrivateKey}. It does not
 * verify: verifying needs only the public key, which the JDK's own providers handle.
 */
final class RemoteSignature extends SignatureSpi {
    private final SignatureName name;
    private SignatureAlgorithm algorithm;
    private PSSParameterSpec pssParameters;
    private MessageDigest digest;
    private final ByteArrayOutputStream rawData = new ByteArrayOutputStream();
    private RemotePrivateKey key;

    RemoteSignature(SignatureName name) {
        this.name = name;
        this.algorithm = name.algorithm();
        this.digest = algorithm == null || algorithm.hash() == null ? null : algorithm.hash().newDigest();
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!(privateKey instanceof RemotePrivateKey remote) || remote.keyType() != name.keyType()) {
            throw new InvalidKeyException(name.jcaName() + " of the Signing Manager provider signs with a remote "
                    + name.keyType() + " key from its KeyStore, not with " + describe(privateKey));
        }
        key = remote;
        reset();
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        throw new InvalidKeyException("The Signing Manager provider only signs; verify with the JDK's providers");
    }

    @Override
    protected void engineUpdate(byte b) {
        engineUpdate(new byte[] {b}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] bytes, int offset, int length) {
        if (digest != null) {
            digest.update(bytes, offset, length);
        } else {
            rawData.write(bytes, offset, length);
        }
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (key == null) {
            throw new SignatureException("Call initSign with a key of the Signing Manager provider first");
        }
        if (algorithm == null) {
            throw new SignatureException("RSASSA-PSS needs its PSSParameterSpec before it signs");
        }
        byte[] data = digest != null ? digest.digest() : rawData.toByteArray();
        reset();
        try {
            return key.sign(algorithm, data);
        } catch (Problem problem) {
            throw new SignatureException(problem.describe(), problem);
        }
    }

    @Override
    protected boolean engineVerify(byte[] signature) throws SignatureException {
        throw new SignatureException("The Signing Manager provider only signs");
    }

    @Override
    protected void engineSetParameter(AlgorithmParameterSpec params) throws InvalidAlgorithmParameterException {
        if (name != SignatureName.RSASSA_PSS) {
            if (params != null) {
                throw new InvalidAlgorithmParameterException(name.jcaName() + " takes no parameters");
            }
            return;
        }
        if (!(params instanceof PSSParameterSpec pss)) {
            throw new InvalidAlgorithmParameterException("RSASSA-PSS needs a PSSParameterSpec");
        }
        algorithm = pssAlgorithm(pss);
        pssParameters = pss;
        digest = algorithm.hash().newDigest();
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("The Signing Manager provider takes an AlgorithmParameterSpec");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("The Signing Manager provider has no named parameters");
    }

    @Override
    protected AlgorithmParameters engineGetParameters() {
        if (pssParameters == null) {
            return null;
        }
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("RSASSA-PSS");
            parameters.init(pssParameters);
            return parameters;
        } catch (NoSuchAlgorithmException | InvalidParameterSpecException e) {
            throw new ProviderException("The JDK cannot encode RSASSA-PSS parameters", e);
        }
    }

    /** The service signs PSS with MGF1 of the same hash and a salt as long as the hash: other parameters cannot be met. */
    private static SignatureAlgorithm pssAlgorithm(PSSParameterSpec pss) throws InvalidAlgorithmParameterException {
        for (SignatureAlgorithm candidate : SignatureAlgorithm.values()) {
            HashAlgorithm hash = candidate.hash();
            if (candidate.scheme() == SignatureAlgorithm.Scheme.PSS && sameHash(hash, pss.getDigestAlgorithm())
                    && "MGF1".equalsIgnoreCase(pss.getMGFAlgorithm())
                    && pss.getMGFParameters() instanceof MGF1ParameterSpec mgf
                    && sameHash(hash, mgf.getDigestAlgorithm())
                    && pss.getSaltLength() == hash.digestLength() && pss.getTrailerField() == 1) {
                return candidate;
            }
        }
        throw new InvalidAlgorithmParameterException("The Signing Service signs RSASSA-PSS with SHA-256, SHA-384 or "
                + "SHA-512, MGF1 of the same hash and a salt as long as the hash; got " + pss);
    }

    private static boolean sameHash(HashAlgorithm hash, String jcaName) {
        return hash.jcaName().equalsIgnoreCase(jcaName) || hash.jcaName().replace("-", "").equalsIgnoreCase(jcaName);
    }

    private void reset() {
        if (digest != null) {
            digest.reset();
        }
        rawData.reset();
    }

    private static String describe(PrivateKey key) {
        return key == null ? "no key" : "a " + key.getAlgorithm() + " key of class " + key.getClass().getName();
    }
}
