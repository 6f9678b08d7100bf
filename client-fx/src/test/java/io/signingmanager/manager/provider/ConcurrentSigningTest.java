package io.signingmanager.manager.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.testing.RegisteredClientTest;
import io.signingmanager.manager.testing.SignAudit;
import io.signingmanager.service.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads signing through the provider at once, straight to a real service: every signature
 * verifies, every one is audited on its own, and they took fewer round trips than signatures (counted
 * in the service's audit, {@link SignAudit#signCalls}).
 */
class ConcurrentSigningTest extends RegisteredClientTest {
    private static final int THREADS = 40;

    @Test
    void concurrentSignaturesGoInBatchesAndEachVerifies() throws Exception {
        SigningManagerProvider provider = new SigningManagerProvider(new ServiceRoute(manager));
        KeyStore store = SigningManagerProviderTest.load(new ServiceRoute(manager));
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Void>> signed = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                TestPki.TestIdentity identity = i % 2 == 0 ? rsa : ec;
                String algorithm = identity == rsa ? "SHA256withRSA" : "SHA256withECDSA";
                byte[] message = ("message " + i + " of a concurrent signer").getBytes(StandardCharsets.UTF_8);
                signed.add(threads.submit(() -> {
                    Signature signer = Signature.getInstance(algorithm, provider);
                    signer.initSign((PrivateKey) store.getKey(SigningManagerProviderTest.sha1(identity), null));
                    signer.update(message);
                    start.await(30, TimeUnit.SECONDS);
                    byte[] signature = signer.sign();

                    Signature verifier = Signature.getInstance(algorithm);
                    verifier.initVerify(identity.leaf());
                    verifier.update(message);
                    assertThat(verifier.verify(signature)).as(algorithm + " of message " + message.length).isTrue();
                    return null;
                }));
            }
            for (Future<Void> signature : signed) {
                signature.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        String clientId = manager.settings().clientId();
        assertThat(SignAudit.signatures(service, clientId)).as("each signature its own audit record").isEqualTo(THREADS);
        assertThat(SignAudit.signCalls(service, clientId)).as("round trips for " + THREADS + " signatures")
                .isLessThan(THREADS / 2);
    }
}
