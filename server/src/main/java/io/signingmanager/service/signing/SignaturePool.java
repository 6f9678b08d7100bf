package io.signingmanager.service.signing;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Initialised JDK {@link Signature} objects of one key and one JCA algorithm, kept from call to call:
 * looking up the provider and initialising with the key cost more than the input of a digest-sized
 * signature does. A {@code Signature} serves one caller at a time and, after a signature made or a
 * signature found valid, is ready for the next input with the same key. One that threw or found a
 * signature invalid is dropped: it may still hold the input (the JDK's NONEwithRSA keeps it when the
 * padding does not check out).
 */
final class SignaturePool {
    private final String jcaName;
    private final Initializer initializer;
    private final Queue<Signature> idle = new ConcurrentLinkedQueue<>();

    @FunctionalInterface
    private interface Initializer {
        void initialize(Signature signature) throws GeneralSecurityException;
    }

    private SignaturePool(String jcaName, Initializer initializer) {
        this.jcaName = jcaName;
        this.initializer = initializer;
    }

    static SignaturePool signing(String jcaName, PrivateKey key) {
        return new SignaturePool(jcaName, signature -> signature.initSign(key));
    }

    static SignaturePool verifying(String jcaName, PublicKey key) {
        return new SignaturePool(jcaName, signature -> signature.initVerify(key));
    }

    byte[] sign(byte[] input) throws GeneralSecurityException {
        Signature signature = take();
        signature.update(input);
        byte[] signed = signature.sign();
        idle.offer(signature);
        return signed;
    }

    boolean verify(byte[] input, byte[] signed) throws GeneralSecurityException {
        Signature signature = take();
        signature.update(input);
        boolean valid = signature.verify(signed);
        if (valid) {
            idle.offer(signature);
        }
        return valid;
    }

    private Signature take() throws GeneralSecurityException {
        Signature signature = idle.poll();
        if (signature == null) {
            signature = Signature.getInstance(jcaName);
            initializer.initialize(signature);
        }
        return signature;
    }
}
