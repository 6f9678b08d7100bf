package io.signingmanager.service.apple;

import static io.signingmanager.service.testing.AppleWorkflows.BUNDLE_ID;
import static io.signingmanager.service.testing.AppleWorkflows.P12_PASSWORD;
import static io.signingmanager.service.testing.AppleWorkflows.PATH;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestPki.TestIdentity;
import io.signingmanager.service.testing.TestService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Filling a workflow's slots: what each slot refuses, with the reason, and that a refused upload
 * stores nothing and leaves the workflow as it was; each accepted change audited with the slot
 * before and after.
 */
class WorkflowSlotsTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RunningService
    private static TestService service;

    @Test
    void certificateSlotsRefuseWrongTypesDevelopmentNonAppleAndOtherTeams() {
        String store = newWorkflow(Distribution.MAC_APP_STORE);
        assertCertificateRefused(store, "application-certificate",
                AppleTestPki.certificate(AppleCertificateType.DEVELOPER_ID_APPLICATION, AppleTestPki.TEAM_ID),
                "is a Developer ID Application certificate; the application certificate of a Mac App Store workflow "
                        + "must be a Mac App Distribution certificate");
        assertCertificateRefused(store, "installer-certificate",
                AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID),
                "the installer certificate of a Mac App Store workflow must be a Mac Installer Distribution certificate");
        assertCertificateRefused(store, "application-certificate",
                AppleTestPki.certificate(AppleCertificateType.MAC_DEVELOPMENT, AppleTestPki.TEAM_ID),
                "is a Mac Development certificate; development certificates sign for registered devices only");
        assertCertificateRefused(store, "application-certificate", TestPki.rsa(2048, "Just RSA"),
                "The certificate 'Just RSA' is not an Apple signing certificate");

        AppleWorkflows.uploadCertificate(service, store, "application-certificate",
                AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID));
        assertCertificateRefused(store, "installer-certificate",
                AppleTestPki.certificate(AppleCertificateType.MAC_INSTALLER_DISTRIBUTION, AppleTestPki.OTHER_TEAM_ID),
                "belongs to team " + AppleTestPki.OTHER_TEAM_ID + ", the workflow's other items to team " + AppleTestPki.TEAM_ID);

        String outside = newWorkflow(Distribution.DEVELOPER_ID);
        assertCertificateRefused(outside, "application-certificate", AppleTestPki.appleDistribution(AppleTestPki.TEAM_ID),
                "the application certificate of a Developer ID workflow must be a Developer ID Application certificate");
    }

    @Test
    void aStoredCertificateIsCheckedTheSameWhenChosen() {
        String id = newWorkflow(Distribution.MAC_APP_STORE);
        String developerId = service.importP12(AppleTestPki.certificate(AppleCertificateType.DEVELOPER_ID_APPLICATION,
                AppleTestPki.TEAM_ID).p12(P12_PASSWORD), P12_PASSWORD).get("id").asText();
        JsonNode before = get(id);
        assertRefused(service.http.put(PATH + "/" + id + "/application-certificate", service.adminToken(),
                Map.of("certificateId", developerId)), "unsuitable_certificate", "is a Developer ID Application certificate");
        assertThat(get(id)).isEqualTo(before);

        String distribution = service.importP12(AppleTestPki.appleDistribution(AppleTestPki.TEAM_ID).p12(P12_PASSWORD),
                P12_PASSWORD).get("id").asText();
        JsonNode view = expect(service.http.put(PATH + "/" + id + "/application-certificate", service.adminToken(),
                Map.of("certificateId", distribution)), 200).json();
        assertThat(view.at("/applicationCertificate/type").asText()).as("Apple Distribution serves Mac App Store")
                .isEqualTo("mac-app-distribution");
        assertThat(view.at("/applicationCertificate/teamId").asText()).isEqualTo(AppleTestPki.TEAM_ID);
        assertRefused(service.http.put(PATH + "/" + id + "/application-certificate", service.adminToken(),
                Map.of("certificateId", "no-such-id")), "bad_request", "No signing certificate with id no-such-id");
    }

    @Test
    void profileSlotsRefuseOtherPlatformsTypesApplicationsTeamsAndExpiredOnes() {
        TestIdentity application = AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID);
        String id = newWorkflow(Distribution.MAC_APP_STORE);
        assertProfileRefused(id, AppleTestPki.profile(ProfileType.APP_STORE, BUNDLE_ID, application).platform("iOS"),
                "is for iOS, not macOS");
        assertProfileRefused(id, AppleTestPki.profile(ProfileType.DEVELOPER_ID, BUNDLE_ID, application),
                "is a Developer ID profile; a Mac App Store workflow signs with a App Store profile");
        assertProfileRefused(id, AppleTestPki.profile(ProfileType.DEVELOPMENT, BUNDLE_ID, application),
                "Signing with a development profile requires the UUID of the machine that builds the app to be in the "
                        + "profile; build machines are not listed in it: use a distribution profile");
        assertProfileRefused(id, AppleTestPki.profile(ProfileType.APP_STORE, "com.example.other", application),
                "is for the application identifier " + AppleTestPki.TEAM_ID + ".com.example.other, which does not fit "
                        + "the bundle ID com.example.app");
        assertProfileRefused(id, AppleTestPki.profile(ProfileType.APP_STORE, BUNDLE_ID, application)
                .expires(Instant.now().minus(Duration.ofDays(1))), "expired on");

        AppleWorkflows.uploadCertificate(service, id, "application-certificate", application);
        assertProfileRefused(id, AppleTestPki.profile(ProfileType.APP_STORE, BUNDLE_ID, application)
                .team(AppleTestPki.OTHER_TEAM_ID), "belongs to team " + AppleTestPki.OTHER_TEAM_ID);

        expect(service.http.post(PATH + "/" + id + "/extensions", service.adminToken(),
                Map.of("bundleId", "com.example.app.widget")), 201);
        assertRefused(upload(id, "com.example.app.widget",
                AppleTestPki.profile(ProfileType.APP_STORE, BUNDLE_ID, application).build()), "unsuitable_profile",
                "which does not fit the bundle ID com.example.app.widget");
    }

    @Test
    void anExpiredStoredProfileIsRefusedWhenChosen() {
        try (TestService own = TestService.start()) {
            AppleWorkflows.Made made = AppleWorkflows.ready(own, "Soon expired", Distribution.MAC_APP_STORE);
            String profileId = made.view().at("/profile/id").asText();
            String other = AppleWorkflows.create(own, "Later", BUNDLE_ID, Distribution.MAC_APP_STORE).get("id").asText();
            own.clock.advance(Duration.ofDays(366));
            String admin = own.login("admin", TestService.ADMIN_PASSWORD);
            Http.Answer answer = own.http.put(PATH + "/" + other + "/profile", admin, Map.of("profileId", profileId));
            assertRefused(answer, "unsuitable_profile", "expired on");
        }
    }

    @Test
    void extensionsAreAddedOnceRemovedAndTheirBundleIdsChecked() {
        String id = newWorkflow(Distribution.MAC_APP_STORE);
        String extensions = PATH + "/" + id + "/extensions";
        expect(service.http.post(extensions, service.adminToken(), Map.of("bundleId", "com.example.app.widget")), 201);
        assertRefused(service.http.post(extensions, service.adminToken(), Map.of("bundleId", "com.example.app.widget")),
                "conflict", "has the extension com.example.app.widget already");
        assertRefused(service.http.post(extensions, service.adminToken(), Map.of("bundleId", BUNDLE_ID)),
                "bad_request", "is the app's own");
        assertRefused(service.http.post(extensions, service.adminToken(), Map.of("bundleId", "com.example/app")),
                "bad_request", "Field 'bundleId' is not a bundle identifier");
        assertRefused(service.http.put(extensions + "/com.example.app.none/profile", service.adminToken(),
                Map.of("profileId", "x")), "not_found", "has no extension com.example.app.none");
        JsonNode view = expect(service.http.delete(extensions + "/com.example.app.widget", service.adminToken()), 200).json();
        assertThat(view.get("extensions")).isEmpty();
        assertRefused(service.http.delete(extensions + "/com.example.app.widget", service.adminToken()), "not_found",
                "has no extension");
    }

    @Test
    void aSlotChangeIsAuditedWithTheSlotBeforeAndAfter() {
        String id = newWorkflow(Distribution.MAC_APP_STORE);
        TestIdentity application = AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID);
        AppleWorkflows.uploadCertificate(service, id, "application-certificate", application);
        JsonNode record = Inventory.lastAuditRecord(service);
        assertThat(record.get("action").asText()).isEqualTo("workflow.update");
        assertThat(record.get("objectId").asText()).isEqualTo(id);
        assertThat(record.path("before")).as("an empty slot before").isEmpty();
        assertThat(record.at("/after/application-certificate").asText()).contains("SHA-1 " + application.sha1());

        expect(service.http.put(PATH + "/" + id + "/application-certificate", service.adminToken(), Map.of()), 200);
        record = Inventory.lastAuditRecord(service);
        assertThat(record.at("/before/application-certificate").asText()).contains(application.sha1());
        assertThat(record.path("after")).as("an empty slot after").isEmpty();
        assertThat(get(id).get("applicationCertificate")).isNull();
    }

    private static String newWorkflow(Distribution distribution) {
        return AppleWorkflows.create(service, "Slots " + SEQUENCE.incrementAndGet(), BUNDLE_ID, distribution)
                .get("id").asText();
    }

    /** Refused with the reason; no certificate imported, the workflow unchanged, nothing audited. */
    private static void assertCertificateRefused(String id, String slot, TestIdentity identity, String reason) {
        JsonNode before = get(id);
        Inventory inventory = Inventory.of(service);
        assertRefused(service.http.upload("POST", PATH + "/" + id + "/" + slot, service.adminToken(), "file",
                identity.p12(P12_PASSWORD), Map.of("password", P12_PASSWORD)), "unsuitable_certificate", reason);
        assertThat(Inventory.of(service)).isEqualTo(inventory);
        assertThat(get(id)).isEqualTo(before);
    }

    /**
     * Refused with the reason; the workflow unchanged and nothing audited. The same file then uploads
     * through the profiles API (its UUID would conflict had the refused upload stored it).
     */
    private static void assertProfileRefused(String id, AppleTestPki.Profile profile, String reason) {
        byte[] file = profile.build();
        JsonNode before = get(id);
        long audit = Inventory.auditTotal(service);
        assertRefused(upload(id, null, file), "unsuitable_profile", reason);
        assertThat(get(id)).isEqualTo(before);
        assertThat(Inventory.auditTotal(service)).isEqualTo(audit);
        String loose = AppleWorkflows.create(service, "Loose " + SEQUENCE.incrementAndGet(), "com.example.loose",
                Distribution.DEVELOPER_ID).get("id").asText();
        Http.Answer again = upload(loose, null, file);
        assertThat(again.error()).as("the refused file was not stored: " + again.text()).isNotEqualTo("conflict");
    }

    private static Http.Answer upload(String id, String extension, byte[] file) {
        return service.http.upload("POST", PATH + "/" + id + (extension == null ? "" : "/extensions/" + extension)
                + "/profile", service.adminToken(), "file", file, new HashMap<>());
    }

    private static JsonNode get(String id) {
        return expect(service.http.get(PATH + "/" + id, service.adminToken()), 200).json();
    }

    private static void assertRefused(Http.Answer answer, String code, String reason) {
        assertThat(answer.status()).as(answer.text()).isBetween(400, 499);
        assertThat(answer.error()).as(answer.text()).isEqualTo(code);
        assertThat(answer.json().get("message").asText()).contains(reason);
    }
}
