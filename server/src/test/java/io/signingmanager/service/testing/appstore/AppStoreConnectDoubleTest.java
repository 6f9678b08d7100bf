package io.signingmanager.service.testing.appstore;

import static io.signingmanager.service.testing.appstore.AscTestClient.certificateRequest;
import static io.signingmanager.service.testing.appstore.AscTestClient.csr;
import static io.signingmanager.service.testing.appstore.AscTestClient.profileRequest;
import static io.signingmanager.service.testing.appstore.AscTestClient.rsa;
import static io.signingmanager.service.testing.appstore.AscTestClient.token;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.service.appstore.PortalCertificateType;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppStoreConnectDoubleTest extends AscDoubleFixture {
    @Test
    void listsPageByTwoAndTheIdentifierFilterIsNotExact() {
        apple.addBundleId(TEAM, "com.example.app", "App", "MAC_OS");
        apple.addBundleId(TEAM, "com.example.app.helper", "Helper", "MAC_OS");
        apple.addBundleId(TEAM, "com.example.other", "Other", "IOS");
        apple.addBundleId(TEAM, "com.example.app.widget", "Widget", "UNIVERSAL");
        apple.addBundleId("OTHERTEAM1", "com.example.app", "Not ours", "MAC_OS");

        List<String> found = new ArrayList<>();
        String next = "/v1/bundleIds?filter%5Bidentifier%5D=com.example.app&limit=200";
        int pages = 0;
        while (next != null) {
            AscTestClient.Answer page = client.get(adminToken(), next);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().path("data").size()).isLessThanOrEqualTo(2);
            page.json().path("data").forEach(item -> found.add(item.path("attributes").path("identifier").asText()));
            next = page.json().path("links").has("next") ? page.json().path("links").path("next").asText() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(found).containsExactly("com.example.app", "com.example.app.helper", "com.example.app.widget");

        AscTestClient.Answer ios = client.get(adminToken(), "/v1/bundleIds?filter%5Bplatform%5D=IOS");
        assertThat(ios.json().path("data")).hasSize(1);
        assertThat(ios.json().path("meta").path("paging").path("total").asInt()).isEqualTo(1);
        assertThat(ios.json().path("links").has("next")).isFalse();
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void tokensAreCheckedAsAppleChecksThem() {
        Instant now = clock.instant();
        assertThat(client.get(token(admin, now), "/v1/bundleIds").status()).isEqualTo(200);
        var key = AscTestClient.privateKey(admin.p8());
        Map<String, Object> header = Map.of("alg", "ES256", "kid", admin.keyId(), "typ", "JWT");
        Map<String, Object> claims = Map.of("iss", admin.issuerId(), "iat", now.getEpochSecond(),
                "exp", now.getEpochSecond() + 600, "aud", "appstoreconnect-v1");
        String p1363 = "SHA256withECDSAinP1363Format";

        assertRefused(AscTestClient.token(with(header, "alg", "ES384"), claims, key, p1363), "alg");
        assertRefused(AscTestClient.token(with(header, "typ", "JOSE"), claims, key, p1363), "typ");
        assertRefused(AscTestClient.token(with(header, "kid", "UNKNOWN123"), claims, key, p1363), "kid");
        assertRefused(AscTestClient.token(header, with(claims, "iss", "another issuer"), key, p1363), "iss");
        assertRefused(AscTestClient.token(header, with(claims, "aud", "appstoreconnect-v2"), key, p1363), "aud");
        assertRefused(AscTestClient.token(header, with(with(claims, "iat", now.getEpochSecond() - 1800),
                "exp", now.getEpochSecond() - 600), key, p1363), "expired");
        assertRefused(AscTestClient.token(header, with(claims, "exp", now.getEpochSecond() + 21 * 60), key, p1363), "20 minutes");
        assertRefused(AscTestClient.token(header, claims, AscTestClient.privateKey(apple.addKey(TEAM, TEAM_NAME).p8()), p1363),
                "does not verify");
        assertRefused(AscTestClient.token(header, claims, key, "SHA256withECDSA"), "64 bytes");

        clock.advance(Duration.ofMinutes(21));
        assertRefused(token(admin, now), "expired");
        assertThat(client.get(adminToken(), "/v1/bundleIds").status()).isEqualTo(200);

        apple.revoke(admin);
        assertRefused(adminToken(), "revoked");
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void rolesLimitWhatAKeyMayDo() {
        AscTeamKey developer = apple.addKey(TEAM, TEAM_NAME, AscRole.DEVELOPER);
        AscTeamKey sales = apple.addKey(TEAM, TEAM_NAME, AscRole.SALES);
        String bundle = apple.addBundleId(TEAM, "com.example.app", "App", "MAC_OS");
        AscCertificate someone = apple.addCertificate(TEAM, PortalCertificateType.MAC_APP_DISTRIBUTION, "Someone's");

        assertThat(client.get(token(developer, clock.instant()), "/v1/certificates").status()).isEqualTo(200);
        AscTestClient.Answer probe = client.post(token(developer, clock.instant()), "/v1/certificates",
                certificateRequest("MAC_APP_DISTRIBUTION", ""));
        assertThat(probe.status()).isEqualTo(403);
        assertThat(probe.errorCode()).isEqualTo("FORBIDDEN_ERROR");
        assertThat(probe.errorDetail()).isEqualTo("The API key in use does not allow this request");
        assertThat(client.post(token(developer, clock.instant()), "/v1/profiles",
                profileRequest("P", "MAC_APP_STORE", bundle, someone.id())).status()).isEqualTo(403);
        assertThat(client.delete(token(developer, clock.instant()), "/v1/certificates/" + someone.id()).status()).isEqualTo(403);
        assertThat(client.get(token(sales, clock.instant()), "/v1/bundleIds").status()).isEqualTo(403);
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void certificatesAreIssuedFromRequestsAsAppleIssuesThem() throws Exception {
        KeyPair keys = rsa();
        AscTestClient.Answer created = client.post(adminToken(), "/v1/certificates",
                certificateRequest("MAC_INSTALLER_DISTRIBUTION", csr(keys)));

        assertThat(created.status()).isEqualTo(201);
        JsonNode attributes = created.json().path("data").path("attributes");
        X509Certificate certificate = x509(attributes.path("certificateContent").asText());
        assertThat(certificate.getPublicKey()).isEqualTo(keys.getPublic());
        assertThat(certificate.getSubjectX500Principal().getName())
                .contains("CN=3rd Party Mac Developer Installer: Example Corp (A1B2C3D4E5)", "OU=A1B2C3D4E5", "O=Example Corp");
        assertThat(certificate.getCriticalExtensionOIDs()).contains(AppleCertificateType.MAC_INSTALLER_DISTRIBUTION.markerOid());
        assertThat(Duration.between(clock.instant(), certificate.getNotAfter().toInstant()).toDays()).isBetween(364L, 365L);
        assertThat(Instant.parse(attributes.path("expirationDate").asText())).isEqualTo(certificate.getNotAfter().toInstant());
        assertThat(attributes.path("serialNumber").asText()).isEqualToIgnoringCase(certificate.getSerialNumber().toString(16));

        String id = created.json().path("data").path("id").asText();
        assertThat(client.get(adminToken(), "/v1/certificates/" + id).status()).isEqualTo(200);
        assertThat(client.get(adminToken(), "/v1/certificates?filter%5BcertificateType%5D=MAC_INSTALLER_DISTRIBUTION")
                .json().path("data")).hasSize(1);
        assertThat(client.get(adminToken(), "/v1/certificates?filter%5BcertificateType%5D=DEVELOPER_ID_APPLICATION")
                .json().path("data")).isEmpty();

        AscTestClient.Answer bad = client.post(adminToken(), "/v1/certificates", certificateRequest("MAC_APP_DISTRIBUTION", "not a CSR"));
        assertThat(bad.status()).isEqualTo(409);
        assertThat(bad.errorCode()).isEqualTo("ENTITY_ERROR");
        assertThat(bad.errorDetail()).contains("CSR");
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void aThirdCertificateOfATypeHitsTheLimitUntilOneIsRevoked() {
        apple.addCertificate(TEAM, PortalCertificateType.MAC_INSTALLER_DISTRIBUTION, "Someone's installer");
        String ours = client.post(adminToken(), "/v1/certificates", certificateRequest("MAC_INSTALLER_DISTRIBUTION", csr(rsa())))
                .json().path("data").path("id").asText();

        AscTestClient.Answer third = client.post(adminToken(), "/v1/certificates", certificateRequest("MAC_INSTALLER_DISTRIBUTION", csr(rsa())));
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.errorCode()).isEqualTo("ENTITY_ERROR");
        assertThat(third.errorDetail())
                .isEqualTo("You already have a current Mac Installer Distribution certificate or a pending certificate request.");
        assertThat(client.post(adminToken(), "/v1/certificates", certificateRequest("MAC_APP_DISTRIBUTION", csr(rsa()))).status())
                .as("the limit is per type").isEqualTo(201);

        assertThat(client.delete(adminToken(), "/v1/certificates/" + ours).status()).isEqualTo(204);
        assertThat(client.get(adminToken(), "/v1/certificates/" + ours).status()).isEqualTo(404);
        assertThat(client.delete(adminToken(), "/v1/certificates/" + ours).status()).isEqualTo(404);
        assertThat(apple.certificates(TEAM)).filteredOn(AscCertificate::revoked).extracting(AscCertificate::id).containsExactly(ours);
        assertThat(client.post(adminToken(), "/v1/certificates", certificateRequest("MAC_INSTALLER_DISTRIBUTION", csr(rsa()))).status())
                .isEqualTo(201);
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void expiringACertificateReissuesItWithTheSameKeyAndSerial() throws Exception {
        String id = createCertificate("DEVELOPER_ID_APPLICATION");
        X509Certificate before = apple.certificates(TEAM).get(0).certificate();
        Instant soon = clock.instant().plus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        apple.expire(id, soon);

        JsonNode attributes = client.get(adminToken(), "/v1/certificates/" + id).json().path("data").path("attributes");
        assertThat(Instant.parse(attributes.path("expirationDate").asText())).isEqualTo(soon);
        X509Certificate after = x509(attributes.path("certificateContent").asText());
        assertThat(after.getNotAfter().toInstant()).isEqualTo(soon);
        assertThat(after.getSerialNumber()).isEqualTo(before.getSerialNumber());
        assertThat(after.getPublicKey()).isEqualTo(before.getPublicKey());
    }

    @Test
    void toldFailuresAnswerOneRequestEach() {
        apple.failNextWith401();
        AscTestClient.Answer refused = client.get(adminToken(), "/v1/bundleIds");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("NOT_AUTHORIZED");
        assertThat(client.get(adminToken(), "/v1/bundleIds").status()).isEqualTo(200);
        assertThat(apple.requests()).hasSize(2);
        assertThat(apple.requests().get(0).claims()).containsEntry("iss", admin.issuerId());

        apple.failNextWith(500, "UNEXPECTED_ERROR", "An unexpected error occurred on the server side.");
        AscTestClient.Answer failed = client.get(adminToken(), "/v1/certificates");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.errorDetail()).isEqualTo("An unexpected error occurred on the server side.");
        assertThat(client.get(adminToken(), "/v1/certificates").status()).isEqualTo(200);
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void requestsThatDoNotMatchTheSpecAreKeptAsSchemaProblems() {
        client.get(adminToken(), "/v1/bundleIds");
        assertThat(apple.schemaProblems()).isEmpty();

        AscTestClient.Answer noCsr = client.post(adminToken(), "/v1/certificates",
                Map.of("data", Map.of("type", "certificates", "attributes", Map.of("certificateType", "MAC_APP_DISTRIBUTION"))));
        assertThat(noCsr.status()).isEqualTo(500);
        assertThat(apple.schemaProblems()).anyMatch(problem -> problem.contains("csrContent"));

        AscTestClient.Answer wrongType = client.post(adminToken(), "/v1/certificates", certificateRequest("MAC_SOMETHING", csr(rsa())));
        assertThat(wrongType.status()).isEqualTo(500);
        AscTestClient.Answer unknownFilter = client.get(adminToken(), "/v1/certificates?filter%5Bcolour%5D=red");
        assertThat(unknownFilter.status()).isEqualTo(400);
        assertThat(apple.schemaProblems()).anyMatch(problem -> problem.contains("filter[colour]"));
        assertThat(client.get(adminToken(), "/v1/nothing").status()).isEqualTo(404);
    }

    private void assertRefused(String token, String why) {
        AscTestClient.Answer answer = client.get(token, "/v1/bundleIds");
        assertThat(answer.status()).as(why).isEqualTo(401);
        assertThat(answer.errorCode()).isEqualTo("NOT_AUTHORIZED");
        assertThat(answer.json().path("errors").path(0).path("status").asText()).isEqualTo("401");
        assertThat(apple.lastTokenProblem()).as("the refusal's reason").containsIgnoringCase(why);
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(map);
        changed.put(key, value);
        return changed;
    }
}
