package io.signingmanager.service.appstore;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.Pem;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.MutableClock;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.service.testing.appstore.AppStoreConnectDouble;
import io.signingmanager.service.testing.appstore.AscRequest;
import io.signingmanager.service.testing.appstore.AscRole;
import io.signingmanager.service.testing.appstore.AscTeamKey;
import java.net.ServerSocket;
import java.net.URI;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The App Store Connect client against the double: tokens, retries, paging, Apple's resources and its errors in words. */
class AppStoreConnectClientTest {
    private static final String PATH = "/api/v1/admin/apple/connect-keys";

    private static AppStoreConnectDouble apple;
    private static TestService service;
    private static AppStoreConnect client;

    @BeforeAll
    static void start() throws Exception {
        apple = AppStoreConnectDouble.start(new MutableClock());
        service = TestService.start(apple);
        // A second client on the service's own database and master key, for the calls no route makes.
        client = new AppStoreConnect(service.service.database(),
                new SecretBox(MasterKey.load(null, service.data.resolve("data"))), URI.create(apple.url()), service.clock);
    }

    @AfterAll
    static void stop() {
        service.close();
        apple.close();
    }

    @AfterEach
    void everythingMatchedApplesSpec() {
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void tokensCarryApplesClaimsAndAreReusedUntilAMinuteBeforeTheyExpire() {
        AscTeamKey key = apple.addKey("TOKENTEAM1", "Token Team");
        String id = service.addConnectKey(key, "Token key");
        bundleIds(id);
        bundleIds(id);
        List<Map<String, Object>> claims = claimsOf(key);
        assertThat(claims).hasSize(2);
        Map<String, Object> first = claims.get(0);
        assertThat(first).containsEntry("iss", key.issuerId()).containsEntry("aud", "appstoreconnect-v1");
        long issued = number(first, "iat");
        assertThat(number(first, "exp") - issued).as("lifetime in seconds").isEqualTo(1200);
        assertThat(Math.abs(issued - service.clock.instant().getEpochSecond())).isLessThan(60);
        assertThat(claims.get(1)).as("the cached token").isEqualTo(first);

        service.clock.advance(Duration.ofMinutes(18));
        bundleIds(id);
        assertThat(claimsOf(key).get(2)).as("still more than a minute left").isEqualTo(first);

        service.clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        bundleIds(id);
        Map<String, Object> renewed = claimsOf(key).get(3);
        assertThat(number(renewed, "iat")).as("a new token").isGreaterThanOrEqualTo(issued + 19 * 60);
        assertThat(number(renewed, "exp") - number(renewed, "iat")).isEqualTo(1200);
    }

    @Test
    void a401IsRetriedOnceWithAFreshToken() {
        AscTeamKey key = apple.addKey("RETRYTEAM1", "Retry Team");
        String id = service.addConnectKey(key, "Retry key");
        apple.addBundleId(key.teamId(), "com.example.retry", "Retry", "MAC_OS");
        apple.failNextWith401();
        JsonNode bundleIds = bundleIds(id);
        assertThat(bundleIds.findValuesAsText("identifier")).containsExactly("com.example.retry");
        assertThat(claimsOf(key)).as("the first call and its retry").hasSize(2);
    }

    @Test
    void theExactIdentifierIsFoundOverSeveralPagesAndMacBundleIdsAreListed() throws Refusal {
        AscTeamKey key = apple.addKey("PAGINGTEAM", "Paging Team");
        String id = service.addConnectKey(key, "Paging key");
        for (String suffix : List.of(".widget", ".helper", ".login", "", "le")) {
            apple.addBundleId(key.teamId(), "com.example.app" + suffix, "App" + suffix, "MAC_OS");
        }
        apple.addBundleId(key.teamId(), "com.example.phone", "Phone", "IOS");
        apple.addBundleId(key.teamId(), "com.example.both", "Both", "UNIVERSAL");

        Optional<BundleId> found = client.bundleId(id, "com.example.app");
        assertThat(found).map(BundleId::identifier).contains("com.example.app");
        assertThat(found.get().platform()).isEqualTo("MAC_OS");
        assertThat(client.bundleId(id, "com.example")).as("a prefix is no match").isEmpty();
        List<AscRequest> lookups = apple.requests().stream()
                .filter(r -> "com.example.app".equals(r.query().get("filter[identifier]"))).toList();
        assertThat(lookups).as("pages of 2 followed to the end").hasSizeGreaterThanOrEqualTo(3);

        assertThat(bundleIds(id).findValuesAsText("identifier")).containsExactly("com.example.app", "com.example.app.helper",
                "com.example.app.login", "com.example.app.widget", "com.example.apple", "com.example.both");
        assertThat(expect(service.http.get(PATH + "/" + id, service.adminToken()), 200).json().get("teamId").asText())
                .as("a bundle ID's seed tells the team").isEqualTo(key.teamId());
    }

    @Test
    void certificatesAndProfilesAreMadeListedAndRemoved() throws Exception {
        AscTeamKey key = apple.addKey("ASSETTEAM1", "Asset Team");
        String id = service.addConnectKey(key, "Asset key");
        String bundleResource = apple.addBundleId(key.teamId(), "com.example.assets", "Assets", "MAC_OS");
        BundleId bundleId = client.bundleId(id, "com.example.assets").orElseThrow();
        assertThat(bundleId.id()).isEqualTo(bundleResource);

        PortalCertificate certificate = client.createCertificate(id, PortalCertificateType.MAC_APP_DISTRIBUTION, csr());
        assertThat(certificate.type()).isEqualTo(PortalCertificateType.MAC_APP_DISTRIBUTION);
        assertThat(certificate.content()).isNotEmpty();
        assertThat(certificate.expirationDate()).isAfter(service.clock.instant());
        assertThat(client.certificates(id, PortalCertificateType.MAC_APP_DISTRIBUTION)).extracting(PortalCertificate::id)
                .contains(certificate.id());
        assertThat(client.certificates(id, PortalCertificateType.DEVELOPER_ID_APPLICATION)).isEmpty();
        JsonNode stored = expect(service.http.get(PATH + "/" + id, service.adminToken()), 200).json();
        assertThat(stored.get("teamName").asText()).as("the certificate's subject O").isEqualTo("Asset Team");
        assertThat(stored.get("lastUsedAt").asText()).isNotEmpty();

        PortalProfile profile = client.createProfile(id, "Assets store", PortalProfileType.MAC_APP_STORE, bundleId,
                List.of(certificate.id()));
        assertThat(profile.active()).isTrue();
        assertThat(profile.content()).isNotEmpty();
        assertThat(profile.uuid()).isNotEmpty();
        assertThat(client.profiles(id, bundleId)).extracting(PortalProfile::id).containsExactly(profile.id());
        assertThat(client.profileCertificateIds(id, profile.id())).contains(List.of(certificate.id()));

        String zombie = apple.addZombieProfile(key.teamId(), bundleResource, PortalProfileType.MAC_APP_STORE);
        assertThat(client.profiles(id, bundleId)).extracting(PortalProfile::id).contains(zombie);
        assertThat(client.profileCertificateIds(id, zombie)).as("404 when read").isEmpty();

        client.deleteProfile(id, profile.id());
        client.deleteProfile(id, profile.id());
        assertThat(client.profiles(id, bundleId)).extracting(PortalProfile::id).doesNotContain(profile.id());
        client.revokeCertificate(id, certificate.id());
        assertThat(client.certificates(id, PortalCertificateType.MAC_APP_DISTRIBUTION)).isEmpty();
    }

    @Test
    void theCertificateLimitIsSaidInWords() {
        AscTeamKey key = apple.addKey("LIMITTEAM1", "Limit Team");
        String id = service.addConnectKey(key, "Limit key");
        apple.addCertificate(key.teamId(), PortalCertificateType.MAC_INSTALLER_DISTRIBUTION, "Someone's first");
        apple.addCertificate(key.teamId(), PortalCertificateType.MAC_INSTALLER_DISTRIBUTION, "Someone's second");
        assertThatThrownBy(() -> client.createCertificate(id, PortalCertificateType.MAC_INSTALLER_DISTRIBUTION, csr()))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.code()).isEqualTo(ErrorCode.CERTIFICATE_LIMIT);
                    assertThat(refusal.getMessage()).contains("as many certificates of this type as Apple allows",
                            "You already have a current Mac Installer Distribution certificate");
                });
    }

    @Test
    void anAdminKeyPassesTheConnectionTest() {
        AscTeamKey key = apple.addKey("ADMINTEAM1", "Admin Team");
        String id = service.addConnectKey(key, "Admin key");
        apple.addBundleId(key.teamId(), "com.example.admin", "Admin", "MAC_OS");
        apple.addCertificate(key.teamId(), PortalCertificateType.MAC_APP_DISTRIBUTION, "Named by the team");
        JsonNode result = test(id);
        assertThat(result.get("ok").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("teamId").asText()).isEqualTo("ADMINTEAM1");
        assertThat(result.get("teamName").asText()).isEqualTo("Admin Team");
        assertThat(result.get("bundleIds").asInt()).isEqualTo(1);
        assertThat(result.get("message").asText()).contains("the team Admin Team (ADMINTEAM1)", "1 bundle ID",
                "may create certificates");
        assertThat(apple.certificates(key.teamId())).as("the probe made nothing").hasSize(1);
    }

    @Test
    void aWrongOrRevokedKeyIsSaidInWords() {
        AscTeamKey key = apple.addKey("WRONGTEAM1", "Wrong Team");
        String wrong = expect(service.http.post(PATH, service.adminToken(), Map.of("name", "Wrong p8",
                "issuerId", key.issuerId(), "keyId", key.keyId(), "p8", Pem.encode("PRIVATE KEY",
                        TestPki.ecKeys("secp256r1").getPrivate().getEncoded()))), 201).json().get("id").asText();
        JsonNode result = test(wrong);
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("message").asText()).contains("does not accept the API key 'Wrong p8'",
                "do not belong together, or the key was revoked");
        Http.Answer bundleIds = service.http.get(PATH + "/" + wrong + "/bundle-ids", service.adminToken());
        assertThat(bundleIds.status()).isEqualTo(400);
        assertThat(bundleIds.json().get("error").asText()).isEqualTo("invalid_connect_key");
        expect(service.http.delete(PATH + "/" + wrong, service.adminToken()), 204);

        String id = service.addConnectKey(key, "Soon revoked");
        assertThat(test(id).get("ok").asBoolean()).isTrue();
        apple.revoke(key);
        JsonNode revoked = test(id);
        assertThat(revoked.get("ok").asBoolean()).isFalse();
        assertThat(revoked.get("message").asText()).contains("revoked in App Store Connect");
    }

    @Test
    void rolesThatCannotCreateOrReadCertificatesAreSaidInWords() {
        AscTeamKey developer = apple.addKey("ROLESTEAM1", "Roles Team", AscRole.DEVELOPER);
        apple.addBundleId(developer.teamId(), "com.example.roles", "Roles", "MAC_OS");
        JsonNode result = test(service.addConnectKey(developer, "Developer key"));
        assertThat(result.get("ok").asBoolean()).isFalse();
        assertThat(result.get("bundleIds").asInt()).as("reading works").isEqualTo(1);
        assertThat(result.get("message").asText()).contains("lists its 1 bundle ID", "may not create certificates",
                "Admin role");

        AscTeamKey sales = apple.addKey("ROLESTEAM1", "Roles Team", AscRole.SALES);
        JsonNode refused = test(service.addConnectKey(sales, "Sales key"));
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.has("bundleIds")).isFalse();
        assertThat(refused.get("message").asText()).contains("may not list the bundle IDs", "its role");
    }

    @Test
    void appleOutOfReachIsA502InWords() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        try (TestService offline = TestService.start(config -> config.withAppStoreConnectUrl(
                URI.create("http://127.0.0.1:" + closed)))) {
            String id = expect(offline.http.post(PATH, offline.adminToken(), ConnectKeyApiTest.input("Offline key",
                    ConnectKeyApiTest.ISSUER, "OFFLINE001", ConnectKeyApiTest.p8())), 201).json().get("id").asText();
            Http.Answer answer = offline.http.get(PATH + "/" + id + "/bundle-ids", offline.adminToken());
            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.json().get("error").asText()).isEqualTo("app_store_connect");
            assertThat(answer.json().get("message").asText()).contains("cannot be reached to list the bundle IDs");
            JsonNode result = expect(offline.http.post(PATH + "/" + id + "/test", offline.adminToken(), null), 200).json();
            assertThat(result.get("ok").asBoolean()).isFalse();
            assertThat(result.get("message").asText()).contains("cannot be reached");
        }
    }

    private static JsonNode bundleIds(String id) {
        return expect(service.http.get(PATH + "/" + id + "/bundle-ids", service.adminToken()), 200).json();
    }

    private static JsonNode test(String id) {
        return expect(service.http.post(PATH + "/" + id + "/test", service.adminToken(), null), 200).json();
    }

    private static List<Map<String, Object>> claimsOf(AscTeamKey key) {
        return apple.requests().stream().map(AscRequest::claims).filter(c -> key.issuerId().equals(c.get("iss"))).toList();
    }

    private static long number(Map<String, Object> claims, String name) {
        return ((Number) claims.get(name)).longValue();
    }

    /** A certificate request for a new RSA key, as the service's own key maker sends one. */
    private static String csr() throws Exception {
        KeyPair keys = TestPki.rsaKeys(2048);
        byte[] der = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=Client test"), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())).getEncoded();
        return Pem.encode("CERTIFICATE REQUEST", der);
    }
}
