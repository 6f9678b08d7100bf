package io.signingmanager.service.apple;

import static io.signingmanager.service.testing.AppleWorkflows.PATH;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.MutableClock;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.service.testing.appstore.AppStoreConnectDouble;
import io.signingmanager.service.testing.appstore.AscTeamKey;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An automatic workflow's settings against App Store Connect's double: the API key it names and a
 * bundle ID of that key's team for macOS (exactly, every page read), checked when they change and
 * only then; switching to manual keeps the slots and clears the key.
 */
class WorkflowAutomaticSettingsTest {
    static final String TEAM = "TEAMAUTO01";
    static final String TEAM_NAME = "Automatic Corp";

    private static AppStoreConnectDouble apple;
    private static TestService service;
    private static String keyId;

    @BeforeAll
    static void start() {
        apple = AppStoreConnectDouble.start(new MutableClock());
        service = TestService.start(apple);
        keyId = service.addConnectKey(apple.addKey(TEAM, TEAM_NAME), "Release key");
        // More than a page of 2, and identifiers that Apple's filter also matches (com.example.mac.*).
        apple.addBundleId(TEAM, "com.example.mac", "Mac app", "MAC_OS");
        apple.addBundleId(TEAM, "com.example.mac.widget", "Mac widget", "MAC_OS");
        apple.addBundleId(TEAM, "com.example.mac.helper", "Mac helper", "MAC_OS");
        apple.addBundleId(TEAM, "com.example.universal", "Universal app", "UNIVERSAL");
        apple.addBundleId(TEAM, "com.example.phone", "Phone app", "IOS");
    }

    @AfterAll
    static void stop() {
        service.close();
        apple.close();
    }

    @Test
    void anAutomaticWorkflowNamesAKeyAndAMacBundleIdOfItsTeamAndIsAudited() {
        JsonNode created = expect(service.http.post(PATH, service.adminToken(), automatic("Automatic app",
                "com.example.mac")), 201).json();
        assertThat(created.get("method").asText()).isEqualTo("automatic");
        assertThat(created.get("connectKeyId").asText()).isEqualTo(keyId);
        assertThat(created.get("macCatalyst").asBoolean()).isFalse();
        assertThat(created.at("/readiness/ready").asBoolean()).as("nothing set up yet").isFalse();
        JsonNode record = Inventory.lastAuditRecord(service);
        assertThat(record.get("action").asText()).isEqualTo("workflow.create");
        assertThat(record.at("/after/method").asText()).isEqualTo("automatic");
        assertThat(record.at("/after/connectKey").asText()).isEqualTo("Release key");

        Map<String, Object> catalyst = automatic("Automatic Catalyst app", "com.example.universal");
        catalyst.put("macCatalyst", true);
        JsonNode universal = expect(service.http.post(PATH, service.adminToken(), catalyst), 201).json();
        assertThat(universal.get("macCatalyst").asBoolean()).isTrue();
        assertThat(apple.requests()).anyMatch(r -> r.path().equals("/v1/bundleIds"));
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void theBundleIdMustBeTheTeamsForMacExactlyAndTheRefusalNamesItAndTheTeam() {
        Inventory before = Inventory.of(service);
        Http.Answer prefix = service.http.post(PATH, service.adminToken(), automatic("Prefix", "com.example"));
        assertThat(prefix.status()).isEqualTo(400);
        assertThat(prefix.error()).isEqualTo("bad_request");
        assertThat(prefix.json().get("message").asText()).startsWith("The bundle ID com.example is not registered in the team ")
                .contains(TEAM);
        Http.Answer longer = service.http.post(PATH, service.adminToken(), automatic("Longer", "com.example.mac.widget.x"));
        assertThat(longer.json().get("message").asText()).startsWith("The bundle ID com.example.mac.widget.x is not registered");
        Http.Answer phone = service.http.post(PATH, service.adminToken(), automatic("Phone", "com.example.phone"));
        assertThat(phone.status()).isEqualTo(400);
        assertThat(phone.json().get("message").asText()).startsWith("The bundle ID com.example.phone of the team ")
                .contains(TEAM).endsWith(" is registered for iOS only: a macOS app needs a macOS or universal bundle ID");
        assertThat(Inventory.of(service)).isEqualTo(before);
        assertThat(apple.schemaProblems()).isEmpty();
    }

    @Test
    void aRevokedKeyIsRefusedInWordsAndNothingIsWritten() {
        AscTeamKey revoked = apple.addKey(TEAM, TEAM_NAME);
        String revokedId = service.addConnectKey(revoked, "Revoked key");
        apple.revoke(revoked);
        Inventory before = Inventory.of(service);
        Map<String, Object> body = automatic("Revoked", "com.example.mac");
        body.put("connectKeyId", revokedId);
        Http.Answer answer = service.http.post(PATH, service.adminToken(), body);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("invalid_connect_key");
        assertThat(Inventory.of(service)).isEqualTo(before);
    }

    @Test
    void renamingAsksAppleNothingButANewBundleIdIsCheckedAgain() {
        String id = expect(service.http.post(PATH, service.adminToken(), automatic("Renamed automatic",
                "com.example.mac")), 201).json().get("id").asText();
        int asked = apple.requests().size();
        expect(service.http.patch(PATH + "/" + id, service.adminToken(), Map.of("name", "Renamed automatic 2")), 200);
        assertThat(apple.requests()).hasSize(asked);
        Http.Answer phone = service.http.patch(PATH + "/" + id, service.adminToken(), Map.of("bundleId", "com.example.phone"));
        assertThat(phone.status()).isEqualTo(400);
        assertThat(phone.json().get("message").asText()).contains("registered for iOS only");
        JsonNode moved = expect(service.http.patch(PATH + "/" + id, service.adminToken(),
                Map.of("bundleId", "com.example.mac.helper")), 200).json();
        assertThat(moved.get("bundleId").asText()).isEqualTo("com.example.mac.helper");
        assertThat(apple.requests().size()).isGreaterThan(asked);
    }

    @Test
    void switchingToManualKeepsTheSlotsAndClearsTheKeyWhichCanThenBeDeleted() {
        AscTeamKey own = apple.addKey(TEAM, TEAM_NAME);
        String ownKeyId = service.addConnectKey(own, "Switched key");
        Map<String, Object> body = automatic("Switched", "com.example.mac");
        body.put("connectKeyId", ownKeyId);
        String id = expect(service.http.post(PATH, service.adminToken(), body), 201).json().get("id").asText();
        JsonNode filled = AppleWorkflows.uploadCertificate(service, id, "application-certificate",
                AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID));
        String certificate = filled.at("/applicationCertificate/id").asText();
        assertThat(service.http.delete("/api/v1/admin/apple/connect-keys/" + ownKeyId, service.adminToken()).status())
                .as("in use").isEqualTo(409);

        JsonNode manual = expect(service.http.patch(PATH + "/" + id, service.adminToken(), Map.of("method", "manual")),
                200).json();
        assertThat(manual.get("method").asText()).isEqualTo("manual");
        assertThat(manual.has("connectKeyId")).isFalse();
        assertThat(manual.at("/applicationCertificate/id").asText()).as("the slots stay").isEqualTo(certificate);
        JsonNode record = Inventory.lastAuditRecord(service);
        assertThat(record.at("/before/connectKey").asText()).isEqualTo("Switched key");
        assertThat(record.at("/after/method").asText()).isEqualTo("manual");
        assertThat(record.at("/after").has("connectKey")).isFalse();
        expect(service.http.delete("/api/v1/admin/apple/connect-keys/" + ownKeyId, service.adminToken()), 204);
    }

    private static Map<String, Object> automatic(String name, String bundleId) {
        return new HashMap<>(Map.of("name", name, "bundleId", bundleId, "distribution", "mac-app-store",
                "method", "automatic", "connectKeyId", keyId));
    }
}
