package io.signingmanager.service.testing.appstore;

import static io.signingmanager.service.testing.appstore.AscTestClient.certificateRequest;
import static io.signingmanager.service.testing.appstore.AscTestClient.csr;
import static io.signingmanager.service.testing.appstore.AscTestClient.rsa;
import static io.signingmanager.service.testing.appstore.AscTestClient.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A double with one team and its Admin key, and a hand-made client, for the double's self-tests. */
abstract class AscDoubleFixture {
    static final String TEAM = "A1B2C3D4E5";
    static final String TEAM_NAME = "Example Corp";

    final MutableClock clock = new MutableClock();
    AppStoreConnectDouble apple;
    AscTestClient client;
    AscTeamKey admin;

    @BeforeEach
    void start() {
        apple = AppStoreConnectDouble.start(clock);
        client = new AscTestClient(apple.url());
        admin = apple.addKey(TEAM, TEAM_NAME);
    }

    @AfterEach
    void stop() {
        apple.close();
    }

    String adminToken() {
        return token(admin, clock.instant());
    }

    String createCertificate(String type) {
        AscTestClient.Answer created = client.post(adminToken(), "/v1/certificates", certificateRequest(type, csr(rsa())));
        assertThat(created.status()).isEqualTo(201);
        return created.json().path("data").path("id").asText();
    }

    static X509Certificate x509(String base64) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }
}
