package io.signingmanager.service.http;

import static io.signingmanager.service.http.RouteCalls.P12_PASSWORD;
import static io.signingmanager.service.http.RouteCalls.SEQUENCE;
import static io.signingmanager.service.http.RouteCalls.json;
import static io.signingmanager.service.http.RouteCalls.path;
import static io.signingmanager.service.http.RouteCalls.raw;
import static io.signingmanager.service.http.RouteCalls.upload;
import static io.signingmanager.service.testing.TestService.expect;

import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.http.RouteCalls.Call;
import io.signingmanager.service.http.RouteCalls.Caller;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.TestService;
import java.util.Map;

/** The walk's requests for the Apple routes: provisioning profiles, workflows and the client's fetch. */
final class AppleRouteCalls implements RouteCalls.Area {
    private static final String MATRIX_APP = "com.example.matrix";
    private static final String WIDGET = "com.example.app.widget";
    private static final String FLOWS = AppleWorkflows.PATH;

    private final TestService service;
    private final String admin;
    private final String clientToken;
    private final String profileId;
    // One workflow ready for the client's fetch, left alone, and one whose slots the walk fills.
    private final AppleWorkflows.Made fetched;
    private final AppleWorkflows.Made filled;

    AppleRouteCalls(TestService service, String clientToken) {
        this.service = service;
        this.clientToken = clientToken;
        admin = service.adminToken();
        profileId = uploadProfile(MATRIX_APP);
        fetched = AppleWorkflows.ready(service, "matrix-fetched", Distribution.MAC_APP_STORE);
        filled = AppleWorkflows.ready(service, "matrix-filled", Distribution.MAC_APP_STORE, WIDGET);
    }

    @Override
    public Call plausible(String key, Caller caller) {
        String token = caller.token();
        String id = filled.id();
        return switch (key) {
            case "GET /api/v1/admin/apple/profiles", "GET /api/v1/admin/apple/workflows" -> raw(key, token);
            case "POST /api/v1/admin/apple/profiles" -> upload("POST", "/api/v1/admin/apple/profiles", token,
                    AppleTestPki.profile(ProfileType.APP_STORE, "com.example.walk" + SEQUENCE.incrementAndGet()).build());
            case "GET /api/v1/admin/apple/profiles/{id}", "GET /api/v1/admin/apple/profiles/{id}/file" ->
                    raw(key, token, profileId);
            case "PUT /api/v1/admin/apple/profiles/{id}" -> upload("PUT", path(key, profileId), token,
                    AppleTestPki.profile(ProfileType.APP_STORE, MATRIX_APP).build());
            case "DELETE /api/v1/admin/apple/profiles/{id}" -> raw(key, token,
                    uploadProfile("com.example.throwaway" + SEQUENCE.incrementAndGet()));
            case "POST /api/v1/admin/apple/workflows" -> json("POST", FLOWS, token, Map.of("name", "walk " + SEQUENCE.incrementAndGet(),
                    "bundleId", AppleWorkflows.BUNDLE_ID, "distribution", "mac-app-store"));
            case "GET /api/v1/admin/apple/workflows/{id}", "GET /api/v1/admin/apple/workflows/{id}/authorized-keys" -> raw(key, token, id);
            case "PATCH /api/v1/admin/apple/workflows/{id}" -> json("PATCH", path(key, id), token, Map.of("bundleId", AppleWorkflows.BUNDLE_ID));
            case "DELETE /api/v1/admin/apple/workflows/{id}" -> raw(key, token, AppleWorkflows.create(service, "throwaway "
                    + SEQUENCE.incrementAndGet(), AppleWorkflows.BUNDLE_ID, Distribution.DEVELOPER_ID).get("id").asText());
            case "PUT /api/v1/admin/apple/workflows/{id}/application-certificate",
                 "PUT /api/v1/admin/apple/workflows/{id}/installer-certificate" -> json("PUT", path(key, id), token,
                    Map.of("certificateId", filled.view().at(
                            key.contains("application") ? "/applicationCertificate/id" : "/installerCertificate/id").asText()));
            case "POST /api/v1/admin/apple/workflows/{id}/application-certificate" -> upload("POST", path(key, id), token,
                    AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID).p12(P12_PASSWORD));
            case "POST /api/v1/admin/apple/workflows/{id}/installer-certificate" -> upload("POST", path(key, id), token,
                    AppleTestPki.certificate(AppleCertificateType.MAC_INSTALLER_DISTRIBUTION, AppleTestPki.TEAM_ID).p12(P12_PASSWORD));
            case "PUT /api/v1/admin/apple/workflows/{id}/profile" -> json("PUT", path(key, id), token,
                    Map.of("profileId", filled.view().at("/profile/id").asText()));
            case "POST /api/v1/admin/apple/workflows/{id}/profile" -> upload("POST", path(key, id), token,
                    AppleTestPki.profile(ProfileType.APP_STORE, AppleWorkflows.BUNDLE_ID).build());
            case "POST /api/v1/admin/apple/workflows/{id}/extensions" -> json("POST", path(key, id), token,
                    Map.of("bundleId", WIDGET + SEQUENCE.incrementAndGet()));
            case "DELETE /api/v1/admin/apple/workflows/{id}/extensions/{bundleId}" -> raw(key.replace("{bundleId}",
                    throwawayExtension()), token, id);
            case "PUT /api/v1/admin/apple/workflows/{id}/extensions/{bundleId}/profile" -> json("PUT",
                    path(key, id).replace("{bundleId}", WIDGET), token,
                    Map.of("profileId", filled.view().at("/extensions/0/profile/id").asText()));
            case "POST /api/v1/admin/apple/workflows/{id}/extensions/{bundleId}/profile" -> upload("POST",
                    path(key, id).replace("{bundleId}", WIDGET), token, AppleTestPki.profile(ProfileType.APP_STORE, WIDGET).build());
            case "PUT /api/v1/admin/apple/workflows/{id}/authorized-keys" -> json("PUT", path(key, id), token, Map.of("all", true));
            case "GET /api/v1/client/workflows" -> raw(key, clientToken);
            case "GET /api/v1/client/workflows/{name}/signing-files" -> new Call("GET",
                    "/api/v1/client/workflows/" + fetched.name() + "/signing-files", clientToken, null, null);
            default -> null;
        };
    }

    private String uploadProfile(String bundleId) {
        return expect(service.http.upload("POST", "/api/v1/admin/apple/profiles", admin, "file",
                AppleTestPki.profile(ProfileType.APP_STORE, bundleId).build(), Map.of()), 201).json().get("id").asText();
    }

    /** An extension of its own for a DELETE to remove. */
    private String throwawayExtension() {
        String bundleId = WIDGET + ".throwaway" + SEQUENCE.incrementAndGet();
        expect(service.http.post(FLOWS + "/" + filled.id() + "/extensions", admin, Map.of("bundleId", bundleId)), 201);
        return bundleId;
    }
}
