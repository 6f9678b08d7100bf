package io.signingmanager.service.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.Pem;
import io.signingmanager.service.ServiceConfig;
import io.signingmanager.service.http.TrustedProxies;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OperatorTlsTest {
    @TempDir
    Path files;

    @Test
    void servesTheOperatorsPemCertificateAndKey() throws Exception {
        TestPki.TestIdentity tls = TestPki.ec("secp256r1", "signing.example.test");
        Path certificate = files.resolve("chain.pem");
        Path key = files.resolve("key.pem");
        Files.writeString(certificate, pem(tls.leaf()));
        Files.writeString(key, Pem.encode("PRIVATE KEY", tls.privateKey().getEncoded()));
        try (TestService service = TestService.start(config -> new ServiceConfig(config.host(), 0, config.dataFolder(),
                false, certificate, key, null, null, null, null, null, TrustedProxies.NONE,
                ServiceConfig.DEFAULT_CONNECTIONS_PER_ADDRESS, ServiceConfig.DEFAULT_APPSTORE_CONNECT_URL))) {
            assertServes(service, Fingerprints.sha256(tls.leaf()));
        }
    }

    @Test
    void servesTheOperatorsPkcs12() throws Exception {
        TestPki.TestIdentity tls = TestPki.rsa(2048, "signing.example.test");
        Path p12 = files.resolve("tls.p12");
        Files.write(p12, tls.p12("tls password"));
        try (TestService service = TestService.start(config -> new ServiceConfig(config.host(), 0, config.dataFolder(),
                false, null, null, p12, "tls password", null, null, null, TrustedProxies.NONE,
                ServiceConfig.DEFAULT_CONNECTIONS_PER_ADDRESS, ServiceConfig.DEFAULT_APPSTORE_CONNECT_URL))) {
            assertServes(service, Fingerprints.sha256(tls.leaf()));
        }
    }

    @Test
    void theSelfSignedCertificateIsMadeOnceAndKeptAcrossRestarts() throws Exception {
        Path data = files.resolve("data");
        String first;
        try (TestService service = TestService.start(config -> new ServiceConfig(config.host(), 0, data,
                false, null, null, null, null, null, null, null, TrustedProxies.NONE,
                ServiceConfig.DEFAULT_CONNECTIONS_PER_ADDRESS, ServiceConfig.DEFAULT_APPSTORE_CONNECT_URL))) {
            first = service.service.tlsSha256();
            assertServes(service, first);
        }
        try (TestService service = TestService.start(config -> new ServiceConfig(config.host(), 0, data,
                false, null, null, null, null, null, null, null, TrustedProxies.NONE,
                ServiceConfig.DEFAULT_CONNECTIONS_PER_ADDRESS, ServiceConfig.DEFAULT_APPSTORE_CONNECT_URL))) {
            assertThat(service.service.tlsSha256()).isEqualTo(first);
        }
    }

    @Test
    void aClientPinnedToAnotherCertificateRefusesTheService() {
        try (TestService service = TestService.start()) {
            SigningServiceClient client = new SigningServiceClient(service.service.localUri(), TlsTrust.pinned("AB".repeat(32)));
            assertThatThrownBy(client::version).isInstanceOfSatisfying(SigningServiceException.class,
                    e -> assertThat(e.failure()).isEqualTo(SigningServiceException.Failure.UNTRUSTED_TLS));
        }
    }

    private static void assertServes(TestService service, String sha256) throws Exception {
        assertThat(service.service.tlsSha256()).isEqualTo(sha256);
        SigningServiceClient client = new SigningServiceClient(service.service.localUri(), TlsTrust.pinned(sha256));
        assertThat(client.version().apiVersion()).isEqualTo(1);
    }

    private static String pem(Object value) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(value);
        }
        return out.toString();
    }
}
