package io.signingmanager.service.apple;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signing certificates in the admin API say their Apple type and team, told from the certificate itself. */
class AppleCertificateApiTest {
    private static final String CERTIFICATES = "/api/v1/admin/certificates";

    @RunningService
    private static TestService service;

    @ParameterizedTest
    @EnumSource(AppleCertificateType.class)
    void eachAppleTypeImportedAsP12ShowsItsTypeAndTeam(AppleCertificateType type) {
        TestPki.TestIdentity identity = AppleTestPki.certificate(type, AppleTestPki.OTHER_TEAM_ID);
        JsonNode imported = service.importP12(identity.p12("pw"), "pw");
        assertApple(imported, type.wire(), AppleTestPki.OTHER_TEAM_ID);
        String id = imported.get("id").asText();
        assertApple(expect(service.http.get(CERTIFICATES + "/" + id, service.adminToken()), 200).json(), type.wire(),
                AppleTestPki.OTHER_TEAM_ID);
        assertApple(listed(id), type.wire(), AppleTestPki.OTHER_TEAM_ID);
    }

    @Test
    void appleDistributionIsAMacAppDistributionCertificate() {
        JsonNode imported = service.importP12(AppleTestPki.appleDistribution(AppleTestPki.TEAM_ID).p12("pw"), "pw");
        assertApple(imported, "mac-app-distribution", AppleTestPki.TEAM_ID);
    }

    @Test
    void otherCertificatesHaveNoAppleSide() {
        JsonNode imported = service.importP12(TestPki.rsa(2048, "Plain Code Signing").p12("pw"), "pw");
        assertThat(imported.has("apple")).isFalse();
        assertThat(listed(imported.get("id").asText()).has("apple")).isFalse();
    }

    private static JsonNode listed(String id) {
        for (JsonNode certificate : expect(service.http.get(CERTIFICATES, service.adminToken()), 200).json()) {
            if (certificate.get("id").asText().equals(id)) {
                return certificate;
            }
        }
        throw new AssertionError("Certificate " + id + " is not listed");
    }

    private static void assertApple(JsonNode certificate, String type, String teamId) {
        JsonNode apple = certificate.get("apple");
        assertThat(apple).as("apple in %s", certificate).isNotNull();
        assertThat(apple.get("type").asText()).isEqualTo(type);
        assertThat(apple.get("teamId").asText()).isEqualTo(teamId);
        assertThat(apple.get("teamName").asText()).isEqualTo(AppleTestPki.TEAM_NAME);
    }
}
