package io.signingmanager.service.appstore.automatic;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.appstore.PortalProfileType;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.AutomaticWorkflows;
import io.signingmanager.service.testing.appstore.AscCertificate;
import io.signingmanager.service.testing.appstore.AscProfile;
import io.signingmanager.service.testing.appstore.AscRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Check now" and the daily check against the App Store Connect double: renewal before expiry with
 * overlap, an invalid profile regenerated, a zombie deleted, and what the service did not make left alone.
 */
class AutomaticLifecycleTest {
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
    void aCertificateIsRenewedThirtyDaysAheadTheNewOneFirstTheOldRevokedAfterTheProfileMoved() {
        String id = automatic.workflow("Renewed", Distribution.MAC_APP_STORE, false);
        automatic.setUpReady(id);
        AscCertificate old = certificate(PortalCertificateType.MAC_APP_DISTRIBUTION);
        AscCertificate installer = certificate(PortalCertificateType.MAC_INSTALLER_DISTRIBUTION);
        AscProfile oldProfile = automatic.apple.profiles(AutomaticWorkflows.TEAM).get(0);
        String oldSha1 = automatic.view(id).at("/applicationCertificate/sha1").asText();
        automatic.apple.expire(old.id(), automatic.service.clock.instant().plus(Duration.ofDays(40)));

        JsonNode early = expect(automatic.check(id), 200).json();
        assertThat(early.at("/run/kind").asText()).isEqualTo("check");
        assertThat(automatic.requests("POST", "/v1/certificates")).as("40 days ahead: nothing to renew").hasSize(2);

        automatic.advance(Duration.ofDays(15));
        int before = automatic.apple.requests().size();
        JsonNode renewed = expect(automatic.check(id), 200).json();

        assertThat(renewed.at("/readiness/ready").asBoolean()).isTrue();
        assertThat(texts(renewed.at("/run/steps"))).anyMatch(step -> step.contains("expires on") && step.endsWith("renewing it"))
                .anyMatch(step -> step.startsWith("Revoked the old Mac App Distribution certificate"));
        List<AscRequest> made = automatic.apple.requests().subList(before, automatic.apple.requests().size());
        int created = indexOf(made, "POST", "/v1/certificates");
        int profile = indexOf(made, "POST", "/v1/profiles");
        int oldProfileDeleted = indexOf(made, "DELETE", "/v1/profiles/" + oldProfile.id());
        int revoked = indexOf(made, "DELETE", "/v1/certificates/" + old.id());
        assertThat(created).as("the new certificate first").isNotNegative().isLessThan(profile);
        assertThat(profile).as("then the profile regenerated with it").isLessThan(oldProfileDeleted);
        assertThat(oldProfileDeleted).as("the old certificate revoked last").isLessThan(revoked);

        AscCertificate fresh = automatic.apple.certificates(AutomaticWorkflows.TEAM).stream()
                .filter(c -> c.type() == PortalCertificateType.MAC_APP_DISTRIBUTION && !c.revoked()).findFirst().orElseThrow();
        assertThat(certificate(old.id()).revoked()).isTrue();
        assertThat(certificate(installer.id()).revoked()).as("the installer certificate was not due").isFalse();
        assertThat(automatic.apple.profiles(AutomaticWorkflows.TEAM)).singleElement()
                .satisfies(p -> assertThat(p.certificateIds()).containsExactly(fresh.id()));
        JsonNode view = automatic.view(id);
        assertThat(view.at("/applicationCertificate/sha1").asText()).isNotEqualTo(oldSha1);
        assertThat(certificateIds()).as("the old certificate left the service with its revoke").hasSize(2);
    }

    @Test
    void anInvalidProfileIsRegeneratedAndTheOldOneDeleted() {
        String id = automatic.workflow("Invalidated", Distribution.DEVELOPER_ID, false);
        automatic.setUpReady(id);
        AscProfile invalid = automatic.apple.profiles(AutomaticWorkflows.TEAM).get(0);
        automatic.apple.invalidate(invalid.id());

        JsonNode checked = expect(automatic.check(id), 200).json();

        assertThat(texts(checked.at("/run/steps"))).anyMatch(step -> step.contains("INVALID") && step.endsWith("regenerating it"));
        assertThat(automatic.requests("DELETE", "/v1/profiles/" + invalid.id())).hasSize(1);
        List<AscProfile> profiles = automatic.apple.profiles(AutomaticWorkflows.TEAM);
        assertThat(profiles).singleElement().satisfies(p -> {
            assertThat(p.active()).isTrue();
            assertThat(p.type()).isEqualTo(PortalProfileType.MAC_APP_DIRECT);
        });
        assertThat(automatic.view(id).at("/profile/uuid").asText()).isEqualTo(profiles.get(0).uuid());
        assertThat(checked.at("/readiness/ready").asBoolean()).isTrue();
    }

    @Test
    void theServicesZombieIsDeletedAndSomeoneElsesIsLeftAlone() {
        String id = automatic.workflow("Haunted", Distribution.MAC_APP_STORE, false);
        automatic.setUpReady(id);
        String ours = automatic.apple.profiles(AutomaticWorkflows.TEAM).get(0).id();
        automatic.apple.zombify(ours);
        String theirs = automatic.apple.addZombieProfile(AutomaticWorkflows.TEAM, automatic.bundleResourceId,
                PortalProfileType.MAC_APP_STORE);

        JsonNode checked = expect(automatic.check(id), 200).json();

        assertThat(texts(checked.at("/run/steps"))).anyMatch(step -> step.contains("(a zombie)"));
        assertThat(automatic.requests("DELETE", "/v1/profiles/" + ours)).hasSize(1);
        assertThat(automatic.requestsUnder("DELETE", "/v1/profiles/" + theirs)).isEmpty();
        assertThat(automatic.apple.profiles(AutomaticWorkflows.TEAM)).extracting(AscProfile::id).contains(theirs)
                .doesNotContain(ours).hasSize(2);
        assertThat(checked.at("/readiness/ready").asBoolean()).isTrue();
    }

    @Test
    void uploadedProfilesAndManualWorkflowsAreNeverTouched() {
        AppleWorkflows.Made manual = AppleWorkflows.ready(automatic.service, "Manual", Distribution.MAC_APP_STORE);
        String id = automatic.workflow("Automatic", Distribution.MAC_APP_STORE, false);
        automatic.setUpReady(id);
        JsonNode uploaded = AppleWorkflows.uploadProfile(automatic.service, id, null,
                AppleTestPki.profile(ProfileType.APP_STORE, AutomaticWorkflows.BUNDLE_ID).build());
        String uploadedId = uploaded.at("/profile/id").asText();

        JsonNode checked = expect(automatic.check(id), 200).json();

        assertThat(texts(checked.at("/run/steps"))).anyMatch(step -> step.contains("is not one Apple lists"));
        assertThat(automatic.requestsUnder("DELETE", "/v1/profiles")).isEmpty();
        assertThat(automatic.view(id).at("/profile/id").asText()).isNotEqualTo(uploadedId);
        assertThat(profileIds()).as("the uploaded profile stays stored").contains(uploadedId, manual.view().at("/profile/id")
                .asText());
        JsonNode manualNow = automatic.view(manual.id());
        assertThat(manualNow.at("/readiness/ready").asBoolean()).isTrue();
        assertThat(manualNow.at("/profile/uuid").asText()).isEqualTo(manual.profile().uuid());
        assertThat(manualNow.at("/applicationCertificate/id")).isEqualTo(manual.view().at("/applicationCertificate/id"));
    }

    @Test
    void theDailyCheckRunsOverEveryAutomaticWorkflowThatWasSetUpOnceADay() {
        String store = automatic.workflow("Daily store", Distribution.MAC_APP_STORE, false);
        String direct = automatic.workflow("Daily direct", Distribution.DEVELOPER_ID, false);
        automatic.workflow("Never set up", Distribution.DEVELOPER_ID, false);
        AppleWorkflows.create(automatic.service, "Manual one", AppleWorkflows.BUNDLE_ID, Distribution.MAC_APP_STORE);
        automatic.setUpReady(store);
        automatic.setUpReady(direct);
        automatic.apple.expire(certificate(PortalCertificateType.DEVELOPER_ID_APPLICATION).id(),
                automatic.service.clock.instant().plus(Duration.ofDays(10)));

        List<AutomaticRun> runs = automatic.service.service.dailyCheck().runOnce();

        assertThat(runs).extracting(AutomaticRun::workflowId).containsExactlyInAnyOrder(store, direct);
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.kind()).isEqualTo(RunKind.DAILY_CHECK);
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        });
        assertThat(automatic.runs(direct).get(0).get("kind").asText()).isEqualTo("daily-check");
        assertThat(texts(automatic.runs(direct).get(0).get("steps")))
                .anyMatch(step -> step.startsWith("Revoked the old Developer ID Application certificate"));
        assertThat(texts(automatic.runs(store).get(0).get("steps"))).noneMatch(step -> step.startsWith("Created"));
        assertThat(automatic.service.service.dailyCheck().runOnce()).as("checked today already").isEmpty();
        assertThat(lastAudit().get("username").asText()).isEqualTo("daily check");

        automatic.advance(Duration.ofDays(1));
        assertThat(automatic.service.service.dailyCheck().runOnce()).hasSize(2);
    }

    private AscCertificate certificate(PortalCertificateType type) {
        return automatic.apple.certificates(AutomaticWorkflows.TEAM).stream().filter(c -> c.type() == type && !c.revoked())
                .findFirst().orElseThrow();
    }

    private AscCertificate certificate(String portalId) {
        return automatic.apple.certificates(AutomaticWorkflows.TEAM).stream().filter(c -> c.id().equals(portalId))
                .findFirst().orElseThrow();
    }

    private List<String> certificateIds() {
        return ids(expect(automatic.service.http.get("/api/v1/admin/certificates", automatic.token()), 200).json());
    }

    private List<String> profileIds() {
        return ids(expect(automatic.service.http.get("/api/v1/admin/apple/profiles", automatic.token()), 200).json());
    }

    private JsonNode lastAudit() {
        return expect(automatic.service.http.get("/api/v1/admin/audit?limit=1", automatic.token()), 200).json()
                .get("records").get(0);
    }

    private static List<String> ids(JsonNode list) {
        List<String> ids = new ArrayList<>();
        list.forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    private static int indexOf(List<AscRequest> requests, String method, String path) {
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).method().equals(method) && requests.get(i).path().equals(path)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
