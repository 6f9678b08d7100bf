package io.signingmanager.manager.testing;

import io.signingmanager.common.apple.AppleCertificateType;
import org.junit.jupiter.api.BeforeAll;

/** A {@link RegisteredClientTest} whose service also holds a Developer ID Application identity of the test team. */
public abstract class AppleSigningTest extends RegisteredClientTest {
    protected static AppleIdentity apple;

    @BeforeAll
    static void importAppleIdentity() {
        apple = AppleIdentity.imported(service, AppleCertificateType.DEVELOPER_ID_APPLICATION);
    }
}
