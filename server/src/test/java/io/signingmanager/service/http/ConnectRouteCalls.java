package io.signingmanager.service.http;

import static io.signingmanager.service.http.RouteCalls.SEQUENCE;
import static io.signingmanager.service.http.RouteCalls.json;
import static io.signingmanager.service.http.RouteCalls.raw;

import io.signingmanager.service.http.RouteCalls.Call;
import io.signingmanager.service.http.RouteCalls.Caller;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.service.testing.appstore.AscTeamKey;
import java.util.Map;

/** The walk's requests for the App Store Connect API keys, on the service's double. */
final class ConnectRouteCalls implements RouteCalls.Area {
    static final String TEAM = "MATRIXTEAM";

    private final TestService service;
    private final String keyId;

    ConnectRouteCalls(TestService service) {
        this.service = service;
        service.apple.addBundleId(TEAM, "com.example.matrix", "Matrix", "MAC_OS");
        keyId = service.addConnectKey(service.apple.addKey(TEAM, "Matrix Team"), "matrix");
    }

    @Override
    public Call plausible(String key, Caller caller) {
        String token = caller.token();
        return switch (key) {
            case "GET /api/v1/admin/apple/connect-keys" -> raw(key, token);
            case "POST /api/v1/admin/apple/connect-keys" -> {
                AscTeamKey made = service.apple.addKey(TEAM, "Matrix Team");
                yield json("POST", "/api/v1/admin/apple/connect-keys", token, Map.of("name", "walk " + SEQUENCE.incrementAndGet(),
                        "issuerId", made.issuerId(), "keyId", made.keyId(), "p8", made.p8()));
            }
            case "GET /api/v1/admin/apple/connect-keys/{id}", "POST /api/v1/admin/apple/connect-keys/{id}/test",
                 "GET /api/v1/admin/apple/connect-keys/{id}/bundle-ids" -> raw(key, token, keyId);
            case "DELETE /api/v1/admin/apple/connect-keys/{id}" -> raw(key, token, service.addConnectKey(
                    service.apple.addKey(TEAM, "Matrix Team"), "throwaway " + SEQUENCE.incrementAndGet()));
            default -> null;
        };
    }
}
