package io.signingmanager.bench;

import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Base64;

/** The two ways a phase signs: through the service over HTTPS, or with the JDK in this process. */
final class Signers {
    private static final SignContext CONTEXT = new SignContext(null, null, null, "signing-bench");

    private Signers() {
    }

    /**
     * Each thread checks its first signature made through the real {@link SigningServiceClient}, then
     * signs over its own light keep-alive connection.
     */
    static LoadPhase.WorkerFactory service(BenchmarkSetup setup, BenchIdentity identity, byte[] probe) {
        String sha1 = identity.sha1();
        String algorithm = identity.algorithm().name();
        Base64.Encoder base64 = Base64.getEncoder();
        return thread -> {
            SigningServiceClient client = setup.newClient();
            String token = setup.clientToken();
            byte[] first = Base64.getDecoder().decode(client.sign(token,
                    new SignRequest(sha1, algorithm, base64.encodeToString(probe), CONTEXT)).signature());
            if (!verifies(identity, probe, first)) {
                throw new GeneralSecurityException("The service's " + identity.label() + " signature does not verify");
            }
            KeepAliveSignClient connection = setup.newSignConnection();
            return digest -> connection.sign(new SignRequest(sha1, algorithm, base64.encodeToString(digest), CONTEXT));
        };
    }

    /** The JDK directly: {@code NONEwithRSA} over the DigestInfo, {@code NONEwithECDSA} over the digest. */
    static LoadPhase.WorkerFactory raw(BenchIdentity identity) {
        SignatureAlgorithm algorithm = identity.algorithm();
        return thread -> {
            Signature signature = Signature.getInstance(jcaName(algorithm));
            signature.initSign(identity.keys().getPrivate());
            return digest -> {
                signature.update(input(algorithm, digest));
                signature.sign();
            };
        };
    }

    private static boolean verifies(BenchIdentity identity, byte[] digest, byte[] signed) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(jcaName(identity.algorithm()));
        signature.initVerify(identity.certificate().getPublicKey());
        signature.update(input(identity.algorithm(), digest));
        return signature.verify(signed);
    }

    private static String jcaName(SignatureAlgorithm algorithm) {
        return switch (algorithm.scheme()) {
            case PKCS1 -> "NONEwithRSA";
            case ECDSA -> "NONEwithECDSA";
            default -> throw new IllegalArgumentException("The benchmark does not cover " + algorithm);
        };
    }

    private static byte[] input(SignatureAlgorithm algorithm, byte[] digest) {
        return algorithm.scheme() == SignatureAlgorithm.Scheme.PKCS1 ? algorithm.hash().digestInfo(digest) : digest;
    }
}
