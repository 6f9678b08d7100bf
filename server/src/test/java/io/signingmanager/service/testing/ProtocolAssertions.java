package io.signingmanager.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.client.SigningServiceException;

/** Checks of what the client protocol refuses, as the Signing Manager would see it. */
public final class ProtocolAssertions {
    private ProtocolAssertions() {
    }

    /** A call to the service that may throw. */
    @FunctionalInterface
    public interface Call {
        void run() throws Exception;
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
