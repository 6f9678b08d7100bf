package io.signingmanager.service.testing;

import static io.signingmanager.service.testing.TestService.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.testing.appstore.AppStoreConnectDouble;
import io.signingmanager.service.testing.appstore.AscRequest;
import io.signingmanager.service.testing.appstore.AscTeamKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service whose App Store Connect is the test double, with one team, its Admin key added to the
 * service and a macOS bundle ID registered; automatic workflows made and run through the admin JSON API.
 * Closing it fails a test whose traffic with the double did not validate against Apple's schemas.
 */
public final class AutomaticWorkflows implements AutoCloseable {
    public static final String TEAM = AppleTestPki.TEAM_ID;
    public static final String BUNDLE_ID = "com.example.automatic";
    public static final String KEY_NAME = "Release team key";

    public final AppStoreConnectDouble apple;
    public final TestService service;
    public final AscTeamKey key;
    public final String connectKeyId;
    public final String bundleResourceId;
    private String token;

    private AutomaticWorkflows(AppStoreConnectDouble apple, TestService service, AscTeamKey key, String connectKeyId,
                               String bundleResourceId) {
        this.apple = apple;
        this.service = service;
        this.key = key;
        this.connectKeyId = connectKeyId;
        this.bundleResourceId = bundleResourceId;
        this.token = service.adminToken();
    }

    public static AutomaticWorkflows start() {
        AppStoreConnectDouble apple = AppStoreConnectDouble.start(new MutableClock());
        TestService service = TestService.start(apple);
        AscTeamKey key = apple.addKey(TEAM, AppleTestPki.TEAM_NAME);
        String bundle = apple.addBundleId(TEAM, BUNDLE_ID, "Automatic App", "MAC_OS");
        return new AutomaticWorkflows(apple, service, key, service.addConnectKey(key, KEY_NAME), bundle);
    }

    /** Moves the service's and the double's clock on, and signs the admin in again (sessions last 12 hours). */
    public void advance(Duration by) {
        service.clock.advance(by);
        token = service.login("admin", TestService.ADMIN_PASSWORD);
    }

    /** The admin's session token, valid at the clock's time. */
    public String token() {
        return token;
    }

    /** The path of the workflow's automatic routes, e.g. {@code .../automatic/set-up}. */
    public static String path(String workflowId, String action) {
        return "/api/v1/admin/apple/workflows/" + workflowId + "/automatic/" + action;
    }

    /** Creates an automatic workflow for {@link #BUNDLE_ID} with the team's key; answers its id. */
    public String workflow(String name, Distribution distribution, boolean macCatalyst) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("bundleId", BUNDLE_ID);
        fields.put("distribution", distribution.wire());
        fields.put("method", "automatic");
        fields.put("connectKeyId", connectKeyId);
        fields.put("macCatalyst", macCatalyst);
        return expect(service.http.post(AppleWorkflows.PATH, token, fields), 201).json().get("id").asText();
    }

    public Http.Answer setUp(String workflowId) {
        return service.http.post(path(workflowId, "set-up"), token, null);
    }

    public Http.Answer check(String workflowId) {
        return service.http.post(path(workflowId, "check"), token, null);
    }

    public Http.Answer revoke(String workflowId, String certificateId, String confirmName) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("certificateId", certificateId);
        body.put("confirmName", confirmName);
        return service.http.post(path(workflowId, "revoke"), token, body);
    }

    /** A set up that must succeed; answers the run and readiness. */
    public JsonNode setUpReady(String workflowId) {
        JsonNode answer = expect(setUp(workflowId), 200).json();
        if (!answer.at("/readiness/ready").asBoolean()) {
            throw new AssertionError("Not ready after set up: " + answer);
        }
        return answer;
    }

    public JsonNode runs(String workflowId) {
        return expect(service.http.get(path(workflowId, "runs"), token), 200).json();
    }

    public JsonNode view(String workflowId) {
        return expect(service.http.get(AppleWorkflows.PATH + "/" + workflowId, token), 200).json();
    }

    /** The requests the double received with this method and path, oldest first. */
    public List<AscRequest> requests(String method, String path) {
        return apple.requests().stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** The requests the double received with this method whose path starts with {@code prefix}. */
    public List<AscRequest> requestsUnder(String method, String prefix) {
        return apple.requests().stream().filter(r -> r.method().equals(method) && r.path().startsWith(prefix)).toList();
    }

    /** Stops the service and the double; then fails when any request or answer did not validate against Apple's schemas. */
    @Override
    public void close() {
        List<String> problems = apple.schemaProblems();
        try {
            service.close();
        } finally {
            apple.close();
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Requests or answers against Apple's schemas: " + problems);
        }
    }
}
