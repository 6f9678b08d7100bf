package io.signingmanager.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.SignRequest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Base64;

/** Checks of what the client protocol answers and refuses, as the Signing Manager would see it. */
public final class ProtocolAssertions {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProtocolAssertions() {
    }

    /** A call to the service that may throw. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
    }

    /** The client signs a random SHA-256 digest with that RSA identity, and the JDK verifies the signature. */
    public static void assertSignsAndVerifies(TestService service, String token, TestPki.TestIdentity identity)
            throws Exception {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        String signature = service.protocolClient().sign(token, new SignRequest(identity.sha1(), "RSA_PKCS1_SHA256",
                Base64.getEncoder().encodeToString(digest), null)).signature();
        Signature verifier = Signature.getInstance("NONEwithRSA");
        verifier.initVerify(identity.leaf().getPublicKey());
        verifier.update(HashAlgorithm.SHA256.digestInfo(digest));
        assertThat(verifier.verify(Base64.getDecoder().decode(signature))).isTrue();
    }

    /** The call is refused with that HTTP status and error code, and a message in words. */
    public static void assertError(Call call, int status, String error) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SigningServiceException.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.error()).isEqualTo(error);
            assertThat(e.getMessage()).isNotBlank();
        });
    }
}
