package io.signingmanager.service.appstore.automatic;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.appstore.PortalProfileType;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.AutomaticWorkflows;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.appstore.AscCertificate;
import io.signingmanager.service.testing.appstore.AscProfile;
import io.signingmanager.service.testing.appstore.AscRequest;
import io.signingmanager.service.testing.appstore.AscRole;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Set up signing" against the App Store Connect double: from nothing, again (reuse), Mac Catalyst,
 * Developer ID, the certificate limit and its revoke, refused keys and a 401 retried.
 */
class AutomaticSigningTest {
    private AutomaticWorkflows automatic;

    @BeforeEach
    void start() {
        automatic = AutomaticWorkflows.start();
    }

    @AfterEach
    void stop() {
        automatic.close();
    }

    @Test
    void setUpFromNothingCreatesTheCertificatesAndTheProfileAndTheWorkflowServesItsFiles() throws Exception {
        String id = automatic.workflow("Store app", Distribution.MAC_APP_STORE, false);
        JsonNode before = automatic.view(id);
        assertThat(before.at("/readiness/ready").asBoolean()).isFalse();
        assertThat(before.at("/readiness/checklist/0/remedy").asText())
                .contains("Set up signing").contains("'" + AutomaticWorkflows.KEY_NAME + "'");

        JsonNode answer = automatic.setUpReady(id);

        JsonNode run = answer.get("run");
        assertThat(run.get("kind").asText()).isEqualTo("set-up");
        assertThat(run.get("outcome").asText()).isEqualTo("succeeded");
        assertThat(texts(run.get("steps"))).anyMatch(step -> step.startsWith("Created the Mac App Distribution certificate"))
                .anyMatch(step -> step.startsWith("Created the Mac Installer Distribution certificate"))
                .anyMatch(step -> step.startsWith("Created the MAC_APP_STORE profile"))
                .last().isEqualTo("The workflow is ready");
        List<AscCertificate> certificates = automatic.apple.certificates(AutomaticWorkflows.TEAM);
        assertThat(certificates).extracting(AscCertificate::type).containsExactlyInAnyOrder(
                PortalCertificateType.MAC_APP_DISTRIBUTION, PortalCertificateType.MAC_INSTALLER_DISTRIBUTION);
        List<AscProfile> profiles = automatic.apple.profiles(AutomaticWorkflows.TEAM);
        assertThat(profiles).singleElement().satisfies(profile -> {
            assertThat(profile.type()).isEqualTo(PortalProfileType.MAC_APP_STORE);
            assertThat(profile.name()).startsWith("Signing Manager Store app MAC_APP_STORE ");
        });
        JsonNode view = automatic.view(id);
        assertThat(view.at("/applicationCertificate/type").asText()).isEqualTo("mac-app-distribution");
        assertThat(view.at("/installerCertificate/type").asText()).isEqualTo("mac-installer-distribution");
        assertThat(view.at("/profile/uuid").asText()).isEqualTo(profiles.get(0).uuid());
        assertThat(automatic.runs(id)).hasSize(1);
        assertThat(Inventory.lastAuditRecord(automatic.service).get("action").asText()).isEqualTo("workflow.automatic-run");

        // A build machine fetches the files and signs with the key only the service holds.
        String client = automatic.service.registerClient(automatic.service.createApiKey("builder").get("key").asText(),
                "mac-builder").get("clientToken").asText();
        JsonNode files = expect(automatic.service.http.get("/api/v1/client/workflows/Store%20app/signing-files", client),
                200).json();
        assertThat(files.get("profiles")).hasSize(1);
        assertThat(files.get("profiles").get(0).get("uuid").asText()).isEqualTo(profiles.get(0).uuid());
        assertThat(files.toString()).contains(view.at("/applicationCertificate/sha1").asText(),
                view.at("/installerCertificate/sha1").asText());

        List<String> answers = new ArrayList<>(List.of(answer.toString(), files.toString(), automatic.runs(id).toString(),
                automatic.view(id).toString(), Inventory.lastAuditRecord(automatic.service).toString(),
                expect(automatic.service.http.get("/api/v1/admin/certificates/" + view.at("/applicationCertificate/id")
                        .asText(), automatic.service.adminToken()), 200).text(),
                expect(automatic.service.http.get("/api/v1/admin/audit?limit=200", automatic.service.adminToken()), 200)
                        .text()));
        automatic.apple.requests().forEach(request -> answers.add(request.body()));
        List<String> keys = generatedKeys();
        assertThat(keys).as("two keys, each in base64 and hex").hasSize(4);
        for (String key : keys) {
            assertThat(answers).noneMatch(text -> text.contains(key));
        }
        assertThat(answers).noneMatch(text -> text.contains("PRIVATE KEY"));
    }

    @Test
    void aSecondSetUpReusesWhatTheFirstMade() {
        String id = automatic.workflow("Reused", Distribution.MAC_APP_STORE, false);
        automatic.setUpReady(id);
        JsonNode second = automatic.setUpReady(id);

        assertThat(automatic.requests("POST", "/v1/certificates")).hasSize(2);
        assertThat(automatic.requests("POST", "/v1/profiles")).as(second.toString()).hasSize(1);
        assertThat(texts(second.at("/run/steps"))).anyMatch(step -> step.contains("Mac App Distribution certificate")
                && step.contains("stays")).anyMatch(step -> step.startsWith("The profile") && step.contains("stays"));

        // Another workflow of the same app reuses the certificates Apple lists, whose keys the service holds.
        String other = automatic.workflow("Same app", Distribution.MAC_APP_STORE, false);
        automatic.setUpReady(other);
        assertThat(automatic.requests("POST", "/v1/certificates")).as("no new certificate").hasSize(2);
        assertThat(automatic.requests("POST", "/v1/profiles")).as("its active profile reused").hasSize(1);
        assertThat(automatic.view(other).at("/applicationCertificate/id"))
                .isEqualTo(automatic.view(id).at("/applicationCertificate/id"));
    }

    @Test
    void aMacCatalystAppGetsAMacCatalystProfile() {
        String id = automatic.workflow("Catalyst", Distribution.MAC_APP_STORE, true);
        automatic.setUpReady(id);
        assertThat(automatic.apple.profiles(AutomaticWorkflows.TEAM)).singleElement()
                .extracting(AscProfile::type).isEqualTo(PortalProfileType.MAC_CATALYST_APP_STORE);
        assertThat(automatic.requests("POST", "/v1/profiles").get(0).body()).contains("MAC_CATALYST_APP_STORE");
    }

    @Test
    void developerIdNeedsOneCertificateAndADirectProfile() {
        String id = automatic.workflow("Direct", Distribution.DEVELOPER_ID, false);
        automatic.setUpReady(id);
        assertThat(automatic.apple.certificates(AutomaticWorkflows.TEAM)).singleElement()
                .extracting(AscCertificate::type).isEqualTo(PortalCertificateType.DEVELOPER_ID_APPLICATION);
        assertThat(automatic.apple.profiles(AutomaticWorkflows.TEAM)).singleElement()
                .extracting(AscProfile::type).isEqualTo(PortalProfileType.MAC_APP_DIRECT);
        JsonNode view = automatic.view(id);
        assertThat(view.at("/applicationCertificate/type").asText()).isEqualTo("developer-id-application");
        assertThat(view.has("installerCertificate")).as("optional for Developer ID, left empty").isFalse();
    }

    @Test
    void aStoreWorkflowTurnedDeveloperIdGetsItsCertificateAndLosesTheStoreInstaller() {
        String id = automatic.workflow("Moved out of the store", Distribution.MAC_APP_STORE, false);
        automatic.setUpReady(id);
        expect(automatic.service.http.patch("/api/v1/admin/apple/workflows/" + id, automatic.token(),
                Map.of("distribution", "developer-id")), 200);

        JsonNode moved = automatic.setUpReady(id);

        assertThat(texts(moved.at("/run/steps"))).anyMatch(step -> step.startsWith("Created the Developer ID Application"))
                .anyMatch(step -> step.startsWith("Emptied the installer slot"));
        JsonNode view = automatic.view(id);
        assertThat(view.at("/applicationCertificate/type").asText()).isEqualTo("developer-id-application");
        assertThat(view.has("installerCertificate")).isFalse();
        assertThat(automatic.apple.certificates(AutomaticWorkflows.TEAM)).noneMatch(AscCertificate::revoked);
    }

    @Test
    void atTheLimitTheCertificatesAreNamedAndOnlyTheConfirmedOneIsRevoked() {
        AscCertificate first = automatic.apple.addCertificate(AutomaticWorkflows.TEAM,
                PortalCertificateType.MAC_INSTALLER_DISTRIBUTION, "Installer of the build farm");
        automatic.apple.addCertificate(AutomaticWorkflows.TEAM, PortalCertificateType.MAC_INSTALLER_DISTRIBUTION,
                "Installer of a laptop");
        String id = automatic.workflow("Limited", Distribution.MAC_APP_STORE, false);

        Http.Answer limited = automatic.setUp(id);
        assertThat(limited.status()).isEqualTo(409);
        JsonNode error = limited.json();
        assertThat(error.get("error").asText()).isEqualTo("certificate_limit");
        assertThat(error.get("message").asText()).startsWith(
                "Apple allows 2 Mac Installer Distribution certificates and the team has 2: 'Installer of the build farm'")
                .contains("'Installer of a laptop'").contains("its key not held here")
                .endsWith("Revoke one, or switch the workflow to manual signing.");
        assertThat(error.at("/details/type").asText()).isEqualTo("MAC_INSTALLER_DISTRIBUTION");
        assertThat(error.at("/details/certificates")).hasSize(2);
        JsonNode listed = error.at("/details/certificates/0");
        assertThat(listed.get("portalId").asText()).isEqualTo(first.id());
        assertThat(listed.get("serialNumber").asText()).isEqualTo(first.serialNumber());
        assertThat(listed.get("keyHeld").asBoolean()).isFalse();
        assertThat(listed.get("expirationDate").asText()).isNotEmpty();
        JsonNode run = automatic.runs(id).get(0);
        assertThat(run.get("outcome").asText()).isEqualTo("certificate-limit");
        assertThat(texts(run.get("steps"))).last().asString().startsWith("Apple allows 2");
        String refusedCsr = csr(automatic.requests("POST", "/v1/certificates").get(1));

        Inventory before = Inventory.of(automatic.service);
        Http.Answer wrongName = automatic.revoke(id, first.id(), "Installer of the build");
        assertThat(wrongName.status()).isEqualTo(400);
        assertThat(wrongName.json().get("message").asText()).contains("Nothing was revoked")
                .contains("'Installer of the build farm'");
        assertThat(automatic.requestsUnder("DELETE", "/v1/certificates")).isEmpty();
        assertThat(Inventory.of(automatic.service)).isEqualTo(before);

        expect(automatic.revoke(id, first.id(), "Installer of the build farm"), 204);
        assertThat(automatic.apple.certificates(AutomaticWorkflows.TEAM)).filteredOn(AscCertificate::revoked)
                .extracting(AscCertificate::id).containsExactly(first.id());
        JsonNode revoked = Inventory.lastAuditRecord(automatic.service);
        assertThat(revoked.get("action").asText()).isEqualTo("certificate.revoke");
        assertThat(revoked.get("objectName").asText()).isEqualTo("Installer of the build farm");

        automatic.setUpReady(id);
        List<AscRequest> creates = automatic.requests("POST", "/v1/certificates");
        assertThat(creates).as("the application certificate once, the installer refused once, then made").hasSize(3);
        assertThat(csr(creates.get(2))).as("the retry asks with the key made for the refused request")
                .isEqualTo(refusedCsr);
    }

    @Test
    void aRevokedKeyIsRefusedInWords() {
        String id = automatic.workflow("Revoked key", Distribution.MAC_APP_STORE, false);
        automatic.apple.revoke(automatic.key);

        Http.Answer refused = automatic.setUp(id);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_connect_key");
        assertThat(refused.json().get("message").asText()).contains("does not accept the API key '"
                + AutomaticWorkflows.KEY_NAME + "'", "revoked");
        JsonNode run = automatic.runs(id).get(0);
        assertThat(run.get("outcome").asText()).isEqualTo("failed");
        assertThat(texts(run.get("steps"))).last().asString().contains("does not accept the API key");
        assertThat(automatic.apple.certificates(AutomaticWorkflows.TEAM)).isEmpty();
    }

    @Test
    void aKeyWhoseRoleMayNotCreateCertificatesIsRefusedInWords() {
        var developer = automatic.apple.addKey(AutomaticWorkflows.TEAM, "Example Corp", AscRole.DEVELOPER);
        String keyId = automatic.service.addConnectKey(developer, "Developer key");
        String id = automatic.workflow("Developer role", Distribution.DEVELOPER_ID, false);
        expect(automatic.service.http.patch("/api/v1/admin/apple/workflows/" + id, automatic.service.adminToken(),
                Map.of("connectKeyId", keyId)), 200);

        Http.Answer refused = automatic.setUp(id);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_connect_key");
        assertThat(refused.json().get("message").asText()).contains("'Developer key'", "Admin role");
        assertThat(automatic.apple.certificates(AutomaticWorkflows.TEAM)).isEmpty();
    }

    @Test
    void aFailed401IsRetriedOnceWithAFreshToken() {
        String id = automatic.workflow("Retried", Distribution.DEVELOPER_ID, false);
        int before = automatic.apple.requests().size();
        automatic.apple.failNextWith401();

        automatic.setUpReady(id);
        List<AscRequest> made = automatic.apple.requests().subList(before, automatic.apple.requests().size());
        assertThat(made.get(0).path()).isEqualTo(made.get(1).path());
        assertThat(made.get(0).query()).isEqualTo(made.get(1).query());
    }

    private static String csr(AscRequest request) {
        return request.body().replaceAll(".*\"csrContent\"\\s*:\\s*\"([^\"]*)\".*", "$1");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** The private keys the service generated, opened from its database the way only it can, in base64 and hex. */
    private List<String> generatedKeys() throws Exception {
        SecretBox box = new SecretBox(Files.readAllBytes(automatic.service.data.resolve("data").resolve("master.key")));
        List<byte[]> keys = automatic.service.service.database().read(c -> Sql.list(c, "SELECT id, private_key_sealed "
                + "FROM certificates WHERE portal_id IS NOT NULL", row -> box.open(row.getBytes(2),
                "certificates/" + row.getString(1))));
        List<String> encodings = new ArrayList<>();
        for (byte[] pkcs8 : keys) {
            encodings.add(Base64.getEncoder().encodeToString(pkcs8));
            encodings.add(HexFormat.of().formatHex(pkcs8));
        }
        return encodings;
    }
}
