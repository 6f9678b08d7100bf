package io.signingmanager.bench;

import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.LongFunction;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * The ways a phase signs: through the service over HTTPS, or in this process with the JDK or, for
 * ECDSA, with BouncyCastle's lightweight API (the faster of the two raw signers is what the service is held to).
 */
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
            KeepAliveSignClient connection = setup.newSignConnection("/api/v1/client/sign");
            return digest -> connection.post(new SignRequest(sha1, algorithm, base64.encodeToString(digest), CONTEXT));
        };
    }

    /**
     * The lightest call the service answers, {@code GET /api/v1/version} over the same light keep-alive HTTPS
     * connection: TLS, HTTP and the router, no token, no lookup, no signature, no audit. What a call costs the
     * machine before the service does any work for it.
     */
    static LoadPhase.WorkerFactory lightestCall(BenchmarkSetup setup) {
        return thread -> {
            KeepAliveSignClient connection = setup.newGetConnection("/api/v1/version");
            return ignored -> connection.get();
        };
    }

    /**
     * Through {@code sign-batch}: each operation is one call of {@code size} items, each thread walking
     * {@code digests} from its own place. Each thread's first batch is verified item by item; after that
     * an answer holding any refused item stops the benchmark.
     */
    static LoadPhase.WorkerFactory serviceBatch(BenchmarkSetup setup, BenchIdentity identity, List<byte[]> digests,
                                                int size) {
        return serviceBatch(setup, identity, digests, size, item -> CONTEXT);
    }

    /** The same, each item with the context {@code contexts} gives for its number in the thread's items (0, 1, ...). */
    static LoadPhase.WorkerFactory serviceBatch(BenchmarkSetup setup, BenchIdentity identity, List<byte[]> digests,
                                                int size, LongFunction<SignContext> contexts) {
        String sha1 = identity.sha1();
        String algorithm = identity.algorithm().name();
        Base64.Encoder base64 = Base64.getEncoder();
        List<String> encoded = digests.stream().map(base64::encodeToString).toList();
        return thread -> {
            KeepAliveSignClient connection = setup.newSignConnection("/api/v1/client/sign-batch");
            boolean[] checked = {false};
            int[] next = {thread * size};
            long[] sent = {0};
            return ignored -> {
                int first = next[0];
                next[0] = (first + size) % encoded.size();
                List<SignRequest> items = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    items.add(new SignRequest(sha1, algorithm, encoded.get((first + i) % encoded.size()),
                            contexts.apply(sent[0]++)));
                }
                List<BatchAnswer.Item> answer = BatchAnswer.read(connection.post(new SignBatchRequest(items)));
                for (int i = 0; i < size; i++) {
                    BatchAnswer.Item result = answer.get(i);
                    if (result.signature() == null) {
                        throw new GeneralSecurityException("Batch item refused: " + result.error() + " " + result.message());
                    }
                    if (!checked[0] && !verifies(identity, digests.get((first + i) % digests.size()),
                            Base64.getDecoder().decode(result.signature()))) {
                        throw new GeneralSecurityException("The service's " + identity.label()
                                + " batch signature does not verify");
                    }
                }
                checked[0] = true;
            };
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

    /**
     * BouncyCastle's lightweight ECDSA directly, as fast as it goes: the custom curve, RFC 6979 nonces,
     * one signer per thread, the signature DER-encoded as the service returns it.
     */
    static LoadPhase.WorkerFactory rawBouncyCastle(BenchIdentity identity) {
        ECPrivateKey key = (ECPrivateKey) identity.keys().getPrivate();
        ECDomainParameters domain = new ECDomainParameters(CustomNamedCurves.getByName("secp256r1"));
        ECPrivateKeyParameters parameters = new ECPrivateKeyParameters(key.getS(), domain);
        return thread -> {
            ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
            signer.init(true, parameters);
            return digest -> {
                BigInteger[] rs = signer.generateSignature(digest);
                StandardDSAEncoding.INSTANCE.encode(domain.getN(), rs[0], rs[1]);
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
