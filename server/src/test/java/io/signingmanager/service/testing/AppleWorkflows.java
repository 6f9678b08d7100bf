package io.signingmanager.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.testing.TestPki.TestIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apple signing workflows set up the way an admin does, through the admin JSON API: a workflow, its
 * certificates uploaded as {@code .p12} files into their slots, and its profiles (made by
 * {@link AppleTestPki}) uploaded into theirs.
 */
public final class AppleWorkflows {
    public static final String PATH = "/api/v1/admin/apple/workflows";
    public static final String BUNDLE_ID = "com.example.app";
    public static final String P12_PASSWORD = "p12 password";

    private AppleWorkflows() {
    }

    /** A profile as uploaded: the bundle ID it signs, its UUID and the file byte for byte. */
    public record MadeProfile(String bundleId, String uuid, byte[] file) {
    }

    /**
     * What {@link #ready} made: the workflow (its id, name and last answer), the identities in its
     * certificate slots ({@code installer} {@code null} when left out), and its profiles, the main one first.
     */
    public record Made(String id, String name, String bundleId, Distribution distribution, TestIdentity application,
                       TestIdentity installer, List<MadeProfile> profiles, JsonNode view) {
        public MadeProfile profile() {
            return profiles.get(0);
        }
    }

    /**
     * A ready workflow of the test team for {@link #BUNDLE_ID}: both certificates (a Developer ID
     * workflow's installer too), the main profile including the application certificate, and one
     * extension per {@code extensions} bundle ID with a profile of its own.
     */
    public static Made ready(TestService service, String name, Distribution distribution, String... extensions) {
        return make(service, name, distribution, true, extensions);
    }

    /** As {@link #ready}, with the installer slot left empty (optional for Developer ID, required for the Mac App Store). */
    public static Made withoutInstaller(TestService service, String name, Distribution distribution) {
        return make(service, name, distribution, false);
    }

    /** Creates a manual workflow with empty slots; answers its view. */
    public static JsonNode create(TestService service, String name, String bundleId, Distribution distribution) {
        return TestService.expect(service.http.post(PATH, service.adminToken(), Map.of("name", name,
                "bundleId", bundleId, "distribution", distribution.wire(), "method", "manual")), 201).json();
    }

    /** Uploads a certificate into the slot ({@code application-certificate} or {@code installer-certificate}). */
    public static JsonNode uploadCertificate(TestService service, String id, String slot, TestIdentity identity) {
        return TestService.expect(service.http.upload("POST", PATH + "/" + id + "/" + slot, service.adminToken(),
                "file", identity.p12(P12_PASSWORD), Map.of("password", P12_PASSWORD)), 200).json();
    }

    /** Uploads a profile file into the main slot ({@code extension} {@code null}) or into that extension's. */
    public static JsonNode uploadProfile(TestService service, String id, String extension, byte[] file) {
        String path = PATH + "/" + id + (extension == null ? "" : "/extensions/" + extension) + "/profile";
        return TestService.expect(service.http.upload("POST", path, service.adminToken(), "file", file, Map.of()), 200)
                .json();
    }

    private static Made make(TestService service, String name, Distribution distribution, boolean installer,
                             String... extensions) {
        String id = create(service, name, BUNDLE_ID, distribution).get("id").asText();
        TestIdentity application = AppleTestPki.certificate(distribution.applicationType(), AppleTestPki.TEAM_ID);
        uploadCertificate(service, id, "application-certificate", application);
        TestIdentity installerIdentity = null;
        if (installer) {
            installerIdentity = AppleTestPki.certificate(distribution.installerType(), AppleTestPki.TEAM_ID);
            uploadCertificate(service, id, "installer-certificate", installerIdentity);
        }
        List<MadeProfile> profiles = new ArrayList<>();
        JsonNode view = uploadProfile(service, id, null, profile(distribution, BUNDLE_ID, application, profiles));
        for (String extension : extensions) {
            TestService.expect(service.http.post(PATH + "/" + id + "/extensions", service.adminToken(),
                    Map.of("bundleId", extension)), 201);
            view = uploadProfile(service, id, extension, profile(distribution, extension, application, profiles));
        }
        if (!view.at("/readiness/ready").asBoolean()) {
            throw new AssertionError("The workflow '" + name + "' is not ready: " + view.at("/readiness/problems"));
        }
        return new Made(id, name, BUNDLE_ID, distribution, application, installerIdentity, List.copyOf(profiles), view);
    }

    private static byte[] profile(Distribution distribution, String bundleId, TestIdentity application,
                                  List<MadeProfile> made) {
        AppleTestPki.Profile profile = AppleTestPki.profile(ProfileType.of(distribution), bundleId, application);
        byte[] file = profile.build();
        made.add(new MadeProfile(bundleId, profile.uuid(), file));
        return file;
    }
}
