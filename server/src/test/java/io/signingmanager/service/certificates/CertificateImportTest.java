package io.signingmanager.service.certificates;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateImportTest {
    @RunningService
    private static TestService service;

    @ParameterizedTest
    @ValueSource(ints = {2048, 3072, 4096})
    void importsRsaKeysOf2048To4096Bits(int bits) {
        TestPki.TestIdentity identity = TestPki.rsa(bits, "RSA " + bits);
        JsonNode imported = service.importP12(identity.p12("secret"), "secret");
        assertThat(imported.get("sha1").asText()).isEqualTo(identity.sha1());
        assertThat(imported.get("sha256").asText()).isEqualTo(Fingerprints.sha256(identity.leaf()));
        assertThat(imported.get("commonName").asText()).isEqualTo("RSA " + bits);
        assertThat(imported.get("keyType").asText()).isEqualTo("RSA");
        assertThat(imported.get("keySize").asInt()).isEqualTo(bits);
        assertThat(imported.get("active").asBoolean()).isTrue();
        assertThat(imported.get("expired").asBoolean()).isFalse();
        assertThat(imported.get("authorization").get("all").asBoolean()).isTrue();
        assertThat(imported.get("issuer").asText()).contains("CN=RSA " + bits);
        assertThat(Instant.parse(imported.get("notAfter").asText())).isEqualTo(identity.leaf().getNotAfter().toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1"})
    void importsEcKeysOnP256AndP384(String curve) {
        TestPki.TestIdentity identity = TestPki.ec(curve, "EC " + curve);
        JsonNode imported = service.importP12(identity.p12("secret"), "secret");
        assertThat(imported.get("keyType").asText()).isEqualTo("EC");
        assertThat(imported.get("keySize").asInt()).isEqualTo(curve.equals("secp256r1") ? 256 : 384);
    }

    @Test
    void importsTheChainAndShowsContentAsPemAndDecodedFields() {
        TestPki.TestIdentity identity = TestPki.issuedByCa("Chained Signer", TestPki.rsaKeys(2048));
        String id = service.importP12(identity.p12("secret"), "secret").get("id").asText();
        JsonNode detail = expect(service.http.get("/api/v1/admin/certificates/" + id, service.adminToken()), 200).json();
        assertThat(detail.get("pem").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(detail.get("chainPem")).hasSize(1);
        assertThat(detail.get("issuer").asText()).contains("CN=Test Code Signing CA");
        JsonNode details = detail.get("details");
        assertThat(details.get("extendedKeyUsage").get(0).asText()).isEqualTo("codeSigning");
        assertThat(details.get("keyUsage").get(0).asText()).isEqualTo("digitalSignature");
        assertThat(details.get("publicKey").asText()).isEqualTo("RSA 2048 bits");
        assertThat(details.get("basicConstraints").asText()).isEqualTo("end entity");
        assertThat(details.get("serialNumber").asText()).isEqualTo(identity.leaf().getSerialNumber().toString(16).toUpperCase());
    }

    @Test
    void importsAnExpiredCertificateAndFlagsIt() {
        TestPki.TestIdentity expired = TestPki.selfSigned("Expired Signer", TestPki.rsaKeys(2048),
                Instant.now().minus(Duration.ofDays(400)), Instant.now().minus(Duration.ofDays(35)));
        JsonNode imported = service.importP12(expired.p12("secret"), "secret");
        assertThat(imported.get("expired").asBoolean()).isTrue();
        assertThat(imported.get("warnings").get(0).asText()).contains("expired");
    }

    @Test
    void eachBadFileGetsItsOwnAnswerAndNothingIsStored() {
        TestPki.TestIdentity identity = TestPki.rsa(2048, "Refused");
        byte[] good = identity.p12("secret");
        int before = certificateCount();

        assertRefused(good, "wrong", 400, "wrong_password", "password is wrong");
        assertRefused(Arrays.copyOf(good, good.length / 2), "secret", 400, "invalid_p12", "not a readable .p12");
        assertRefused("not a p12 at all".getBytes(), "secret", 400, "invalid_p12", "not a readable .p12");
        assertRefused(TestPki.p12("secret", identity, TestPki.ec("secp256r1", "Second")), "secret", 400,
                "several_keys", "2 private keys");
        assertRefused(TestPki.p12WithForeignKey("secret", identity, TestPki.rsaKeys(2048)), "secret", 400,
                "key_mismatch", "does not belong");
        assertRefused(TestPki.p12CertificatesOnly("secret", identity), "secret", 400, "no_private_key", "no private key");
        assertRefused(TestPki.rsa(1024, "Weak").p12("secret"), "secret", 400, "unsupported_key", "2048 to 4096");
        assertRefused(TestPki.ec("secp521r1", "P-521").p12("secret"), "secret", 400, "unsupported_key", "P-256 or P-384");
        assertThat(certificateCount()).isEqualTo(before);
    }

    @Test
    void aChainOfTenIsImportedAndOneOfAThousandIsRefusedBeforeAnythingIsStored() {
        TestPki.TestIdentity ten = TestPki.withChainOf(10, "Chain of ten");
        assertThat(service.importP12(ten.p12("secret"), "secret").get("sha1").asText()).isEqualTo(ten.sha1());
        int before = certificateCount();

        TestPki.TestIdentity thousand = TestPki.withChainOf(1000, "Chain of a thousand");
        assertRefused(thousand.p12("secret"), "secret", 400, "invalid_p12", "chain in the .p12 file has 1000 certificates");
        assertRefused(TestPki.withChainOf(11, "Chain of eleven").p12("secret"), "secret", 400, "invalid_p12",
                "at most 10");
        assertThat(certificateCount()).isEqualTo(before);
    }

    @Test
    void theSameCertificateIsImportedOnce() {
        TestPki.TestIdentity identity = TestPki.ec("secp256r1", "Twice");
        service.importP12(identity.p12("secret"), "secret");
        assertRefused(identity.p12("secret"), "secret", 409, "conflict", "already imported");
    }

    @Test
    void anUploadWithoutFileOrPasswordIsRefused() {
        Http.Answer noFile = service.http.upload("POST", "/api/v1/admin/certificates", service.adminToken(), "file", null,
                Map.of("password", "x"));
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.json().get("message").asText()).contains("'file'");
        Http.Answer noPassword = service.http.upload("POST", "/api/v1/admin/certificates", service.adminToken(), "file",
                TestPki.rsa(2048, "No password").p12("x"), Map.of());
        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(noPassword.json().get("message").asText()).contains("password");
    }

    private static void assertRefused(byte[] file, String password, int status, String error, String message) {
        Http.Answer answer = service.http.upload("POST", "/api/v1/admin/certificates", service.adminToken(), "file", file,
                Map.of("password", password));
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.error()).isEqualTo(error);
        assertThat(answer.json().get("message").asText()).containsIgnoringCase(message);
    }

    private static int certificateCount() {
        return expect(service.http.get("/api/v1/admin/certificates", service.adminToken()), 200).json().size();
    }
}
