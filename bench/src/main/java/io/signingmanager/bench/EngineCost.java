package io.signingmanager.bench;

import io.signingmanager.service.signing.SignatureEngine;
import io.signingmanager.service.signing.SigningKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * What the service's own signing code costs per signature on one thread, the sign and the verify
 * apart: {@link SignatureEngine} with a {@link SigningKey}, as the service calls them for a request.
 * Measured after the phases, when that code is as warm as in the service; the report takes both from
 * the service's CPU per signature, and what is left is the request path (TLS, HTTP, JSON, lookups, audit).
 */
record EngineCost(double signMillis, double verifyMillis) {
    private static final int OPERATIONS = 2000;

    static EngineCost measure(BenchIdentity identity, List<byte[]> digests) throws GeneralSecurityException {
        SigningKey key = new SigningKey(identity.keys().getPrivate(), identity.certificate().getPublicKey());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        byte[][] signatures = new byte[OPERATIONS][];
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < OPERATIONS; i++) {
            signatures[i] = SignatureEngine.sign(identity.algorithm(), key, digests.get(i % digests.size()));
        }
        long signed = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < OPERATIONS; i++) {
            if (!SignatureEngine.verify(identity.algorithm(), key, digests.get(i % digests.size()), signatures[i])) {
                throw new GeneralSecurityException("The engine's " + identity.label() + " signature does not verify");
            }
        }
        long verified = threads.getCurrentThreadCpuTime();
        return new EngineCost((signed - start) / 1e6 / OPERATIONS, (verified - signed) / 1e6 / OPERATIONS);
    }

    /** The service's CPU per signature on its own threads beyond its signing code's sign and verify. */
    double restOf(double serviceMillisPerOp) {
        return serviceMillisPerOp - signMillis - verifyMillis;
    }
}
