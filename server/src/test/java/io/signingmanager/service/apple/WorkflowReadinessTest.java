package io.signingmanager.service.apple;

import static io.signingmanager.service.testing.AppleWorkflows.PATH;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki.TestIdentity;
import io.signingmanager.service.testing.TestService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checklist a workflow's page and the API show, made at read time: each slot and each check, failing and passing. */
class WorkflowReadinessTest {
    @RunningService
    private TestService service;

    @Test
    void aMacAppStoreWorkflowBecomesReadyStepByStep() {
        String id = AppleWorkflows.create(service, "Step by step", AppleWorkflows.BUNDLE_ID, Distribution.MAC_APP_STORE)
                .get("id").asText();
        JsonNode view = get(id);
        assertThat(problems(view)).containsExactly("application-certificate/filled", "installer-certificate/filled",
                "profile/filled");
        assertThat(item(view, "application-certificate", "filled").get("remedy").asText())
                .isEqualTo("Choose a Mac App Distribution certificate or upload its .p12");

        TestIdentity application = AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID);
        view = AppleWorkflows.uploadCertificate(service, id, "application-certificate", application);
        assertThat(states(view, "application-certificate")).containsExactly("filled=ok", "type=ok", "team=ok",
                "expiry=ok", "active=ok", "signing-keys=ok");
        assertThat(problems(view)).containsExactly("installer-certificate/filled", "profile/filled");

        view = AppleWorkflows.uploadCertificate(service, id, "installer-certificate",
                AppleTestPki.certificate(AppleCertificateType.MAC_INSTALLER_DISTRIBUTION, AppleTestPki.TEAM_ID));
        assertThat(problems(view)).containsExactly("profile/filled");

        TestIdentity other = AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID);
        view = AppleWorkflows.uploadProfile(service, id, null,
                AppleTestPki.profile(ProfileType.APP_STORE, AppleWorkflows.BUNDLE_ID, other).build());
        assertThat(problems(view)).containsExactly("profile/includes-certificate");
        assertThat(item(view, "profile", "includes-certificate").get("problem").asText()).contains("does not include "
                + "the application certificate '" + AppleCertificateType.MAC_APP_DISTRIBUTION.namePrefixes().get(0));
        assertThat(view.at("/readiness/ready").asBoolean()).isFalse();

        view = AppleWorkflows.uploadProfile(service, id, null,
                AppleTestPki.profile(ProfileType.APP_STORE, AppleWorkflows.BUNDLE_ID, other, application).build());
        assertThat(states(view, "profile")).containsExactly("filled=ok", "platform=ok", "type=ok",
                "application-identifier=ok", "includes-certificate=ok", "team=ok", "expiry=ok");
        assertThat(view.at("/readiness/ready").asBoolean()).isTrue();
        assertThat(view.at("/readiness/problems")).isEmpty();

        expect(service.http.post(PATH + "/" + id + "/extensions", service.adminToken(),
                Map.of("bundleId", "com.example.app.widget")), 201);
        view = get(id);
        assertThat(problems(view)).containsExactly("extension-profile/filled");
        assertThat(item(view, "extension-profile", "filled").get("bundleId").asText()).isEqualTo("com.example.app.widget");

        view = AppleWorkflows.uploadProfile(service, id, "com.example.app.widget",
                AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app.*", application).build());
        assertThat(view.at("/readiness/ready").asBoolean()).as("a wildcard profile fits the extension").isTrue();
        assertThat(get(id).at("/extensions/0/profile/applicationIdentifier").asText())
                .isEqualTo(AppleTestPki.TEAM_ID + ".com.example.app.*");
    }

    @Test
    void aDeveloperIdWorkflowIsReadyWithoutItsOptionalInstaller() {
        AppleWorkflows.Made made = AppleWorkflows.withoutInstaller(service, "Outside", Distribution.DEVELOPER_ID);
        assertThat(item(made.view(), "installer-certificate", "filled").get("state").asText()).isEqualTo("optional-empty");
        assertThat(made.view().at("/readiness/ready").asBoolean()).isTrue();
        assertThat(states(made.view(), "profile")).contains("type=ok");

        AppleWorkflows.Made store = AppleWorkflows.ready(service, "Store", Distribution.MAC_APP_STORE);
        expect(service.http.put(PATH + "/" + store.id() + "/installer-certificate", service.adminToken(),
                Map.of()), 200);
        JsonNode view = get(store.id());
        assertThat(item(view, "installer-certificate", "filled").get("state").asText()).isEqualTo("problem");
        assertThat(view.at("/readiness/problems/0").asText())
                .isEqualTo("The workflow has no installer certificate (Mac Installer Distribution)");
    }

    @Test
    void expiryWarnsWithinThirtyDaysAndBlocksOnceExpired() {
        AppleWorkflows.Made made = AppleWorkflows.ready(service, "Expiring", Distribution.MAC_APP_STORE);
        service.clock.advance(Duration.ofDays(365 - 20));
        // Sessions do not outlive the clock's jump: sign in again.
        String admin = service.login("admin", TestService.ADMIN_PASSWORD);
        JsonNode view = expect(service.http.get(PATH + "/" + made.id(), admin), 200).json();
        JsonNode expiry = item(view, "profile", "expiry");
        assertThat(expiry.get("state").asText()).isEqualTo("warning");
        assertThat(expiry.get("problem").asText()).contains("expires on").contains("in 19 days");
        assertThat(view.at("/readiness/ready").asBoolean()).as("a warning does not block").isTrue();
        assertThat(view.at("/readiness/warnings")).hasSizeGreaterThanOrEqualTo(1);
        JsonNode listed = expect(service.http.get(PATH, admin), 200).json().get(0);
        assertThat(listed.at("/readiness/warnings")).as("the list warns too").isNotEmpty();

        service.clock.advance(Duration.ofDays(21));
        admin = service.login("admin", TestService.ADMIN_PASSWORD);
        view = expect(service.http.get(PATH + "/" + made.id(), admin), 200).json();
        assertThat(item(view, "profile", "expiry").get("state").asText()).isEqualTo("problem");
        assertThat(item(view, "application-certificate", "expiry").get("state").asText()).isEqualTo("problem");
        assertThat(view.at("/readiness/ready").asBoolean()).isFalse();
    }

    @Test
    void laterChangesOfCertificatesProfilesAndTheWorkflowShowInTheChecklist() {
        AppleWorkflows.Made made = AppleWorkflows.ready(service, "Changing", Distribution.MAC_APP_STORE);
        String certificateId = made.view().at("/applicationCertificate/id").asText();

        expect(service.http.patch("/api/v1/admin/certificates/" + certificateId, service.adminToken(),
                Map.of("active", false)), 200);
        assertThat(problems(get(made.id()))).containsExactly("application-certificate/active");
        expect(service.http.patch("/api/v1/admin/certificates/" + certificateId, service.adminToken(),
                Map.of("active", true)), 200);

        // "Edit" puts another team's certificate, of another type, in the same record.
        TestIdentity foreign = AppleTestPki.certificate(AppleCertificateType.DEVELOPER_ID_APPLICATION, AppleTestPki.OTHER_TEAM_ID);
        expect(service.http.upload("PUT", "/api/v1/admin/certificates/" + certificateId, service.adminToken(), "file",
                foreign.p12("pw"), Map.of("password", "pw")), 200);
        JsonNode view = get(made.id());
        assertThat(problems(view)).contains("application-certificate/type", "application-certificate/team",
                "profile/includes-certificate", "profile/team", "installer-certificate/team");
        assertThat(item(view, "application-certificate", "type").get("problem").asText()).endsWith(
                "is a Developer ID Application certificate; the application certificate of a Mac App Store workflow "
                        + "must be a Mac App Distribution certificate");
        expect(service.http.upload("PUT", "/api/v1/admin/certificates/" + certificateId, service.adminToken(), "file",
                made.application().p12("pw"), Map.of("password", "pw")), 200);
        assertThat(get(made.id()).at("/readiness/ready").asBoolean()).isTrue();

        expect(service.http.patch(PATH + "/" + made.id(), service.adminToken(), Map.of("bundleId", "com.example.other")), 200);
        view = get(made.id());
        assertThat(problems(view)).containsExactly("profile/application-identifier");
        assertThat(view.at("/readiness/problems/0").asText()).endsWith("is for the application identifier "
                + AppleTestPki.TEAM_ID + ".com.example.app, which does not fit the bundle ID com.example.other");

        expect(service.http.patch(PATH + "/" + made.id(), service.adminToken(),
                Map.of("bundleId", AppleWorkflows.BUNDLE_ID, "distribution", "developer-id")), 200);
        assertThat(problems(get(made.id()))).containsExactly("application-certificate/type", "installer-certificate/type",
                "profile/type");
    }

    @Test
    void aProfileReplacedOnItsOwnPageIsCheckedAgainInTheWorkflow() {
        AppleWorkflows.Made made = AppleWorkflows.ready(service, "Replaced", Distribution.MAC_APP_STORE);
        String profile = "/api/v1/admin/apple/profiles/" + made.view().at("/profile/id").asText();

        replace(profile, AppleTestPki.profile(ProfileType.APP_STORE, AppleWorkflows.BUNDLE_ID, made.application())
                .platform("iOS"));
        JsonNode view = get(made.id());
        assertThat(problems(view)).containsExactly("profile/platform");
        assertThat(item(view, "profile", "platform").get("problem").asText()).endsWith("is for iOS, not macOS");

        replace(profile, AppleTestPki.profile(ProfileType.DEVELOPMENT, AppleWorkflows.BUNDLE_ID, made.application()));
        view = get(made.id());
        assertThat(problems(view)).containsExactly("profile/type");
        assertThat(item(view, "profile", "type").get("problem").asText()).isEqualTo(SlotChecks.DEVELOPMENT_PROFILE);

        replace(profile, AppleTestPki.profile(ProfileType.DEVELOPER_ID, AppleWorkflows.BUNDLE_ID, made.application()));
        assertThat(problems(get(made.id()))).containsExactly("profile/type");

        replace(profile, AppleTestPki.profile(ProfileType.APP_STORE, AppleWorkflows.BUNDLE_ID, made.application()));
        assertThat(get(made.id()).at("/readiness/ready").asBoolean()).isTrue();
    }

    /** Puts a newer file in place of the profile's, as its page's Replace does. */
    private void replace(String profile, AppleTestPki.Profile newer) {
        expect(service.http.upload("PUT", profile, service.adminToken(), "file",
                newer.created(Instant.now()).build(), Map.of()), 200);
    }

    @Test
    void aDeletedCertificateOrProfileEmptiesItsSlot() {
        AppleWorkflows.Made made = AppleWorkflows.ready(service, "Emptied", Distribution.MAC_APP_STORE);
        expect(service.http.delete("/api/v1/admin/certificates/" + made.view().at("/installerCertificate/id").asText(),
                service.adminToken()), 204);
        JsonNode view = get(made.id());
        assertThat(view.get("installerCertificate")).isNull();
        assertThat(problems(view)).containsExactly("installer-certificate/filled");
    }

    private JsonNode get(String id) {
        return expect(service.http.get(PATH + "/" + id, service.adminToken()), 200).json();
    }

    /** The problems as slot/check. */
    static List<String> problems(JsonNode view) {
        List<String> problems = new ArrayList<>();
        for (JsonNode item : view.at("/readiness/checklist")) {
            if (item.get("state").asText().equals("problem")) {
                problems.add(item.get("slot").asText() + "/" + item.get("check").asText());
            }
        }
        return problems;
    }

    /** The checks of one slot as check=state, in the checklist's order. */
    static List<String> states(JsonNode view, String slot) {
        List<String> states = new ArrayList<>();
        for (JsonNode item : view.at("/readiness/checklist")) {
            if (item.get("slot").asText().equals(slot)) {
                states.add(item.get("check").asText() + "=" + item.get("state").asText());
            }
        }
        return states;
    }

    static JsonNode item(JsonNode view, String slot, String check) {
        for (JsonNode item : view.at("/readiness/checklist")) {
            if (item.get("slot").asText().equals(slot) && item.get("check").asText().equals(check)) {
                return item;
            }
        }
        throw new AssertionError("No checklist item " + slot + "/" + check + " in " + view.at("/readiness/checklist"));
    }
}
