package io.signingmanager.service.http;

import static io.signingmanager.service.http.RouteCalls.json;
import static io.signingmanager.service.http.RouteCalls.raw;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.http.RouteCalls.Call;
import io.signingmanager.service.http.RouteCalls.Caller;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.service.testing.appstore.AppStoreConnectDouble;
import io.signingmanager.service.testing.appstore.AscCertificate;
import java.util.Map;

/**
 * The walk's requests for automatic signing's routes, on an automatic workflow of the double's team;
 * an admin's revoke names a certificate someone else made, added for that call.
 */
final class AutomaticRouteCalls implements RouteCalls.Area {
    private static final String BUNDLE_ID = "com.example.matrix.automatic";

    private final AppStoreConnectDouble apple;
    private final String workflowId;

    AutomaticRouteCalls(TestService service, AppStoreConnectDouble apple) {
        this.apple = apple;
        String keyId = service.addConnectKey(apple.addKey(AppleTestPki.TEAM_ID, AppleTestPki.TEAM_NAME), "matrix key");
        apple.addBundleId(AppleTestPki.TEAM_ID, BUNDLE_ID, "Matrix", "MAC_OS");
        workflowId = TestService.expect(service.http.post("/api/v1/admin/apple/workflows", service.adminToken(),
                Map.of("name", "matrix-automatic", "bundleId", BUNDLE_ID, "distribution", "developer-id",
                        "method", "automatic", "connectKeyId", keyId)), 201).json().get("id").asText();
    }

    @Override
    public Call plausible(String key, Caller caller) {
        String token = caller.token();
        return switch (key) {
            case "POST /api/v1/admin/apple/workflows/{id}/automatic/set-up", "POST /api/v1/admin/apple/workflows/{id}/automatic/check",
                 "GET /api/v1/admin/apple/workflows/{id}/automatic/runs" -> raw(key, token, workflowId);
            case "POST /api/v1/admin/apple/workflows/{id}/automatic/revoke" -> json("POST", RouteCalls.path(key, workflowId), token,
                    revokeBody(caller));
            default -> null;
        };
    }

    /** Only an admin's call reaches Apple; the others are refused before, and need no certificate of their own. */
    private Map<String, String> revokeBody(Caller caller) {
        if (!caller.name().equals("admin")) {
            return Map.of("certificateId", "none", "confirmName", "none");
        }
        AscCertificate other = apple.addCertificate(AppleTestPki.TEAM_ID, PortalCertificateType.DEVELOPER_ID_APPLICATION,
                "Developer ID of the walk " + RouteCalls.SEQUENCE.incrementAndGet());
        return Map.of("certificateId", other.id(), "confirmName", other.name());
    }
}
