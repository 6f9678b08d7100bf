package io.signingmanager.service.http;

import static io.signingmanager.service.testing.TestService.expect;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every route the service serves for each kind of caller. The table below is the Users page
 * of the seed written down: admins do everything; non-admins view certificates, API keys and
 * clients and toggle their status; nobody but an admin reaches users, audit or license; the API
 * reference is open to all. A route missing from the table fails the test.
 */
class RoleMatrixTest {
    private static final Map<String, Access> SEED_ROLES = Map.ofEntries(
            // Signing in and the first sign-in steps.
            entry("POST /api/v1/auth/login", Access.PUBLIC),
            entry("POST /api/v1/auth/logout", Access.SIGNED_IN),
            entry("GET /api/v1/auth/me", Access.SIGNED_IN),
            entry("POST /api/v1/auth/password", Access.SIGNED_IN),
            entry("GET /api/v1/auth/agreement", Access.SIGNED_IN),
            entry("POST /api/v1/auth/agreement", Access.SIGNED_IN),
            // Users page: admins only.
            entry("GET /api/v1/admin/users", Access.ADMIN),
            entry("POST /api/v1/admin/users", Access.ADMIN),
            entry("GET /api/v1/admin/users/{id}", Access.ADMIN),
            entry("PATCH /api/v1/admin/users/{id}", Access.ADMIN),
            entry("DELETE /api/v1/admin/users/{id}", Access.ADMIN),
            entry("POST /api/v1/admin/users/{id}/password", Access.ADMIN),
            // Certificates: everyone views and toggles; admins add, edit, remove, authorize, test-sign.
            entry("GET /api/v1/admin/certificates", Access.USER),
            entry("POST /api/v1/admin/certificates", Access.ADMIN),
            entry("GET /api/v1/admin/certificates/{id}", Access.USER),
            entry("PUT /api/v1/admin/certificates/{id}", Access.ADMIN),
            entry("PATCH /api/v1/admin/certificates/{id}", Access.USER),
            entry("DELETE /api/v1/admin/certificates/{id}", Access.ADMIN),
            entry("GET /api/v1/admin/certificates/{id}/authorized-keys", Access.USER),
            entry("PUT /api/v1/admin/certificates/{id}/authorized-keys", Access.ADMIN),
            entry("POST /api/v1/admin/certificates/{id}/test-signature", Access.ADMIN),
            // Apple provisioning profiles: everyone views and downloads them; admins upload, replace, delete.
            entry("GET /api/v1/admin/apple/profiles", Access.USER),
            entry("POST /api/v1/admin/apple/profiles", Access.ADMIN),
            entry("GET /api/v1/admin/apple/profiles/{id}", Access.USER),
            entry("GET /api/v1/admin/apple/profiles/{id}/file", Access.USER),
            entry("PUT /api/v1/admin/apple/profiles/{id}", Access.ADMIN),
            entry("DELETE /api/v1/admin/apple/profiles/{id}", Access.ADMIN),
            // API keys: everyone views and toggles; admins add, rename, remove and show the value.
            entry("GET /api/v1/admin/api-keys", Access.USER),
            entry("POST /api/v1/admin/api-keys", Access.ADMIN),
            entry("GET /api/v1/admin/api-keys/{id}", Access.USER),
            entry("GET /api/v1/admin/api-keys/{id}/value", Access.ADMIN),
            entry("PATCH /api/v1/admin/api-keys/{id}", Access.USER),
            entry("DELETE /api/v1/admin/api-keys/{id}", Access.ADMIN),
            entry("GET /api/v1/admin/api-keys/{id}/clients", Access.USER),
            // Clients: everyone views and toggles; admins remove.
            entry("GET /api/v1/admin/clients", Access.USER),
            entry("GET /api/v1/admin/clients/{id}", Access.USER),
            entry("PATCH /api/v1/admin/clients/{id}", Access.USER),
            entry("DELETE /api/v1/admin/clients/{id}", Access.ADMIN),
            // The client protocol authenticates its callers itself (API key, client token).
            entry("POST /api/v1/client/register", Access.PUBLIC),
            entry("GET /api/v1/client/identities", Access.PUBLIC),
            entry("POST /api/v1/client/sign", Access.PUBLIC),
            entry("GET /api/v1/client/whoami", Access.PUBLIC),
            // Apple workflows: everyone views; admins create, change, fill slots, authorize, delete.
            entry("GET /api/v1/admin/apple/workflows", Access.USER),
            entry("POST /api/v1/admin/apple/workflows", Access.ADMIN),
            entry("GET /api/v1/admin/apple/workflows/{id}", Access.USER),
            entry("PATCH /api/v1/admin/apple/workflows/{id}", Access.ADMIN),
            entry("DELETE /api/v1/admin/apple/workflows/{id}", Access.ADMIN),
            entry("PUT /api/v1/admin/apple/workflows/{id}/application-certificate", Access.ADMIN),
            entry("POST /api/v1/admin/apple/workflows/{id}/application-certificate", Access.ADMIN),
            entry("PUT /api/v1/admin/apple/workflows/{id}/installer-certificate", Access.ADMIN),
            entry("POST /api/v1/admin/apple/workflows/{id}/installer-certificate", Access.ADMIN),
            entry("PUT /api/v1/admin/apple/workflows/{id}/profile", Access.ADMIN),
            entry("POST /api/v1/admin/apple/workflows/{id}/profile", Access.ADMIN),
            entry("POST /api/v1/admin/apple/workflows/{id}/extensions", Access.ADMIN),
            entry("DELETE /api/v1/admin/apple/workflows/{id}/extensions/{bundleId}", Access.ADMIN),
            entry("PUT /api/v1/admin/apple/workflows/{id}/extensions/{bundleId}/profile", Access.ADMIN),
            entry("POST /api/v1/admin/apple/workflows/{id}/extensions/{bundleId}/profile", Access.ADMIN),
            entry("GET /api/v1/admin/apple/workflows/{id}/authorized-keys", Access.USER),
            entry("PUT /api/v1/admin/apple/workflows/{id}/authorized-keys", Access.ADMIN),
            entry("GET /api/v1/client/workflows", Access.PUBLIC),
            entry("GET /api/v1/client/workflows/{name}/signing-files", Access.PUBLIC),
            // Audit log and license: admins only.
            entry("GET /api/v1/admin/audit", Access.ADMIN),
            entry("GET /api/v1/admin/audit/verify", Access.ADMIN),
            entry("GET /api/v1/admin/audit/retention", Access.ADMIN),
            entry("GET /api/v1/admin/license", Access.ADMIN),
            entry("PUT /api/v1/admin/license", Access.ADMIN),
            entry("DELETE /api/v1/admin/license", Access.ADMIN),
            // API reference: everyone.
            entry("GET /api/v1/version", Access.PUBLIC),
            entry("GET /api/v1/health", Access.PUBLIC),
            entry("GET /api/openapi.json", Access.PUBLIC),
            entry("GET /api/v1/diagnostics", Access.USER));

    /** Allowed calls whose plausible request still does not succeed, and why. */
    private static final Map<String, Integer> NOT_2XX = Map.of(
            "PUT /api/v1/admin/license", 400); // no license issuer key is configured in tests

    private static final String P12_PASSWORD = "p12 password";
    private static final String MATRIX_APP = "com.example.matrix";
    private static final String WIDGET = "com.example.app.widget";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RunningService
    private static TestService service;
    private static String admin;
    private static String targetUserId;
    private static String apiKeyId;
    private static String apiKeyValue;
    private static String clientId;
    private static String clientToken;
    private static String certificateId;
    private static String certificateSha1;
    private static byte[] certificateP12;
    private static String profileId;
    // Apple workflows: one ready for the client's fetch, left alone, and one whose slots the walk fills.
    private static AppleWorkflows.Made fetched;
    private static AppleWorkflows.Made filled;

    /** Who calls: a name for messages, the session token (null: anonymous) and the password behind it. */
    private record Caller(String name, String token, String password) {
    }

    private record Call(String method, String path, String token, byte[] body, String contentType) {
        Http.Answer send() {
            return service.http.send(method, path, token, body, contentType);
        }
    }

    @BeforeAll
    static void start() {
        admin = service.adminToken();
        targetUserId = createUser("target", false);
        JsonNode key = service.createApiKey("matrix");
        apiKeyId = key.get("id").asText();
        apiKeyValue = key.get("key").asText();
        JsonNode client = service.registerClient(apiKeyValue, "matrix-host");
        clientId = client.get("clientId").asText();
        clientToken = client.get("clientToken").asText();
        TestPki.TestIdentity identity = TestPki.rsa(2048, "Matrix RSA");
        certificateP12 = identity.p12(P12_PASSWORD);
        certificateSha1 = identity.sha1();
        certificateId = service.importP12(certificateP12, P12_PASSWORD).get("id").asText();
        createUser("probe", false);
        profileId = uploadProfile(MATRIX_APP);
        fetched = AppleWorkflows.ready(service, "matrix-fetched", Distribution.MAC_APP_STORE);
        filled = AppleWorkflows.ready(service, "matrix-filled", Distribution.MAC_APP_STORE, WIDGET);
    }

    @Test
    void everyRouteIsInTheTableWithTheAccessTheSeedRequires() {
        Map<String, Access> served = new TreeMap<>();
        for (Router.Entry route : service.service.routes()) {
            served.put(key(route), route.access());
        }
        assertThat(served.keySet()).as("routes the table does not know; add each with the role the seed requires")
                .isSubsetOf(SEED_ROLES.keySet());
        assertThat(SEED_ROLES.keySet()).as("routes in the table the service no longer serves").isSubsetOf(served.keySet());
        assertThat(served).isEqualTo(new TreeMap<>(SEED_ROLES));
    }

    @Test
    void anonymousCallersAreRefusedEveryRouteButThePublicOnes() {
        walk(new Caller("anonymous", null, null), access -> access == Access.PUBLIC ? 200 : 401, "unauthenticated");
    }

    @Test
    void nonAdminsAreRefusedTheAdminRoutesAndServedTheRest() {
        String token = service.userToken("viewer", false);
        walk(new Caller("non-admin", token, TestService.USER_PASSWORD), access -> access == Access.ADMIN ? 403 : 200,
                "forbidden");
    }

    @Test
    void adminsAreServedEveryRoute() {
        String token = service.userToken("second-admin", true);
        walk(new Caller("admin", token, TestService.USER_PASSWORD), access -> 200, null);
    }

    @Test
    void theDefaultAdminIsRefusedEverythingButTheFirstSignInStepsUntilTheyAreDone() {
        try (TestService fresh = TestService.start()) {
            String token = fresh.login("admin", "change_password");
            assertFirstStepsPending(fresh, token, "password_change_required");
            assertRefused(fresh.http.post("/api/v1/auth/agreement", token, null), 403, "password_change_required");

            expect(fresh.http.post("/api/v1/auth/password", token,
                    Map.of("currentPassword", "change_password", "newPassword", TestService.ADMIN_PASSWORD)), 200);
            assertFirstStepsPending(fresh, token, "agreement_required");

            expect(fresh.http.post("/api/v1/auth/agreement", token, null), 200);
            expect(fresh.http.get("/api/v1/admin/users", token), 200);
        }
    }

    @Test
    void aNewNonAdminIsRefusedEverythingButTheFirstSignInStepsUntilTheyAreDone() {
        createUser("newcomer", false);
        String token = service.login("newcomer", "initial password 1");
        assertFirstStepsPending(service, token, "password_change_required");

        expect(service.http.post("/api/v1/auth/password", token,
                Map.of("currentPassword", "initial password 1", "newPassword", TestService.USER_PASSWORD)), 200);
        assertFirstStepsPending(service, token, "agreement_required");

        expect(service.http.post("/api/v1/auth/agreement", token, null), 200);
        expect(service.http.get("/api/v1/admin/certificates", token), 200);
        assertRefused(service.http.get("/api/v1/admin/users", token), 403, "forbidden");
    }

    @Test
    void nonAdminsToggleAnApiKeyButCannotRenameIt() {
        String token = service.userToken("toggler", false);
        JsonNode key = service.createApiKey("toggled by a non-admin");
        String path = "/api/v1/admin/api-keys/" + key.get("id").asText();

        assertThat(expect(service.http.patch(path, token, Map.of("active", false)), 200).json().get("active").asBoolean())
                .isFalse();
        assertRefused(service.http.patch(path, token, Map.of("name", "renamed")), 403, "forbidden");
        assertRefused(service.http.patch(path, token, Map.of("active", true, "name", "renamed")), 403, "forbidden");
        JsonNode after = expect(service.http.get(path, admin), 200).json();
        assertThat(after.get("name").asText()).isEqualTo("toggled by a non-admin");
        assertThat(after.get("active").asBoolean()).isFalse();
    }

    /** {@code expected} maps a route's access to 200 (served: any 2xx), 401 or 403 for this caller. */
    private static void walk(Caller caller, ToIntFunction<Access> expected, String refusal) {
        List<String> failures = new ArrayList<>();
        for (Router.Entry route : walkOrder()) {
            String key = key(route);
            Access access = SEED_ROLES.get(key);
            if (access == null) {
                failures.add(key + ": not in the table");
                continue;
            }
            Call call = plausible(key, caller);
            Inventory before = Inventory.of(service);
            Http.Answer answer = call.send();
            int want = expected.applyAsInt(access);
            String seen = key + " as " + caller.name() + " -> " + answer.status() + " " + answer.text();
            if (want == 200) {
                int allowed = NOT_2XX.getOrDefault(key, 200);
                boolean ok = allowed == 200 ? answer.status() >= 200 && answer.status() < 300 : answer.status() == allowed;
                if (!ok) {
                    failures.add(seen);
                }
            } else if (answer.status() != want || !refusal.equals(errorCode(answer))) {
                failures.add(seen + " (expected " + want + " " + refusal + ")");
            } else if (!Inventory.of(service).equals(refusalRecorded(refusal) ? before.plusAudit(1) : before)) {
                failures.add(seen + ": refused, yet something changed");
            } else if (refusalRecorded(refusal)
                    && !"access.refused".equals(Inventory.lastAuditRecord(service).path("action").asText())) {
                failures.add(seen + ": refused without its audit record");
            }
        }
        assertThat(failures).as("calls that did not get what the seed's roles require").isEmpty();
    }

    /** A signed-in caller refused for their role leaves one record of it, and nothing else changes. */
    private static boolean refusalRecorded(String refusal) {
        return "forbidden".equals(refusal);
    }

    /** Walks every USER and ADMIN route with a session still in its first sign-in steps. */
    private static void assertFirstStepsPending(TestService target, String token, String code) {
        List<String> failures = new ArrayList<>();
        for (Router.Entry route : walkOrder(target)) {
            if (route.access() == Access.USER || route.access() == Access.ADMIN) {
                String path = route.pattern().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
                byte[] body = route.method().equals("GET") ? null : "{}".getBytes(StandardCharsets.UTF_8);
                Http.Answer answer = target.http.send(route.method(), path, token, body, body == null ? null : "application/json");
                if (answer.status() != 403 || !code.equals(errorCode(answer))) {
                    failures.add(key(route) + " -> " + answer.status() + " " + answer.text());
                }
            }
        }
        assertThat(failures).as("routes that did not answer 403 " + code).isEmpty();
        JsonNode me = expect(target.http.get("/api/v1/auth/me", token), 200).json();
        assertThat(me.get(code.equals("agreement_required") ? "mustAcceptAgreement" : "mustChangePassword").asBoolean())
                .isTrue();
    }

    /** A request each route would serve for an allowed caller, with real ids; DELETEs get objects of their own. */
    private static Call plausible(String key, Caller caller) {
        String token = caller.token();
        return switch (key) {
            case "POST /api/v1/auth/login" -> json("POST", "/api/v1/auth/login", null,
                    Map.of("username", "probe", "password", "initial password 1"));
            case "POST /api/v1/auth/logout", "GET /api/v1/auth/me", "GET /api/v1/auth/agreement",
                 "POST /api/v1/auth/agreement" -> raw(key, token);
            case "POST /api/v1/auth/password" -> json("POST", "/api/v1/auth/password", token,
                    Map.of("currentPassword", String.valueOf(caller.password()), "newPassword", caller.password() + " changed"));
            case "GET /api/v1/admin/users" -> raw(key, token);
            case "POST /api/v1/admin/users" -> json("POST", "/api/v1/admin/users", token,
                    Map.of("username", "walk-" + SEQUENCE.incrementAndGet(), "password", "initial password 1", "admin", false));
            case "GET /api/v1/admin/users/{id}" -> raw(key, token, targetUserId);
            case "PATCH /api/v1/admin/users/{id}" -> json("PATCH", path(key, targetUserId), token, Map.of("active", true));
            case "DELETE /api/v1/admin/users/{id}" -> raw(key, token, createUser("throwaway-" + SEQUENCE.incrementAndGet(), false));
            case "POST /api/v1/admin/users/{id}/password" -> json("POST", path(key, targetUserId), token,
                    Map.of("password", "reset password 1"));
            case "GET /api/v1/admin/certificates", "GET /api/v1/admin/api-keys", "GET /api/v1/admin/clients",
                 "GET /api/v1/admin/audit", "GET /api/v1/admin/audit/verify", "GET /api/v1/admin/audit/retention",
                 "GET /api/v1/admin/license", "DELETE /api/v1/admin/license", "GET /api/v1/version",
                 "GET /api/v1/health", "GET /api/openapi.json", "GET /api/v1/diagnostics" -> raw(key, token);
            case "POST /api/v1/admin/certificates" -> upload("POST", "/api/v1/admin/certificates", token,
                    TestPki.ec("secp256r1", "Walk " + SEQUENCE.incrementAndGet()).p12(P12_PASSWORD));
            case "GET /api/v1/admin/certificates/{id}", "GET /api/v1/admin/certificates/{id}/authorized-keys" ->
                    raw(key, token, certificateId);
            case "PUT /api/v1/admin/certificates/{id}" -> upload("PUT", path(key, certificateId), token, certificateP12);
            case "PATCH /api/v1/admin/certificates/{id}" -> json("PATCH", path(key, certificateId), token, Map.of("active", true));
            case "DELETE /api/v1/admin/certificates/{id}" -> raw(key, token, throwawayCertificate());
            case "PUT /api/v1/admin/certificates/{id}/authorized-keys" -> json("PUT", path(key, certificateId), token,
                    Map.of("all", true));
            case "POST /api/v1/admin/certificates/{id}/test-signature" -> json("POST", path(key, certificateId), token,
                    Map.of("algorithm", "RSA_PKCS1_SHA256"));
            case "GET /api/v1/admin/apple/profiles" -> raw(key, token);
            case "POST /api/v1/admin/apple/profiles" -> upload("POST", "/api/v1/admin/apple/profiles", token,
                    AppleTestPki.profile(ProfileType.APP_STORE, "com.example.walk" + SEQUENCE.incrementAndGet()).build());
            case "GET /api/v1/admin/apple/profiles/{id}", "GET /api/v1/admin/apple/profiles/{id}/file" ->
                    raw(key, token, profileId);
            case "PUT /api/v1/admin/apple/profiles/{id}" -> upload("PUT", path(key, profileId), token,
                    AppleTestPki.profile(ProfileType.APP_STORE, MATRIX_APP).build());
            case "DELETE /api/v1/admin/apple/profiles/{id}" -> raw(key, token,
                    uploadProfile("com.example.throwaway" + SEQUENCE.incrementAndGet()));
            case "POST /api/v1/admin/api-keys" -> json("POST", "/api/v1/admin/api-keys", token,
                    Map.of("name", "walk " + SEQUENCE.incrementAndGet()));
            case "GET /api/v1/admin/api-keys/{id}", "GET /api/v1/admin/api-keys/{id}/value",
                 "GET /api/v1/admin/api-keys/{id}/clients" -> raw(key, token, apiKeyId);
            case "PATCH /api/v1/admin/api-keys/{id}" -> json("PATCH", path(key, apiKeyId), token, Map.of("active", true));
            case "DELETE /api/v1/admin/api-keys/{id}" -> raw(key, token,
                    service.createApiKey("throwaway " + SEQUENCE.incrementAndGet()).get("id").asText());
            case "GET /api/v1/admin/clients/{id}" -> raw(key, token, clientId);
            case "PATCH /api/v1/admin/clients/{id}" -> json("PATCH", path(key, clientId), token, Map.of("active", true));
            case "DELETE /api/v1/admin/clients/{id}" -> raw(key, token,
                    service.registerClient(apiKeyValue, "throwaway-" + SEQUENCE.incrementAndGet()).get("clientId").asText());
            case "POST /api/v1/client/register" -> json("POST", "/api/v1/client/register", apiKeyValue,
                    Map.of("hostname", "walk-host", "platform", "Linux", "appVersion", "1.0.0"));
            case "GET /api/v1/client/identities", "GET /api/v1/client/whoami" -> raw(key, clientToken);
            case "POST /api/v1/client/sign" -> json("POST", "/api/v1/client/sign", clientToken, Map.of("sha1", certificateSha1,
                    "algorithm", "RSA_PKCS1_SHA256", "data", Base64.getEncoder().encodeToString(new byte[32])));
            case "GET /api/v1/admin/apple/workflows" -> raw(key, token);
            case "POST /api/v1/admin/apple/workflows" -> json("POST", "/api/v1/admin/apple/workflows", token, Map.of("name", "walk " + SEQUENCE.incrementAndGet(),
                    "bundleId", AppleWorkflows.BUNDLE_ID, "distribution", "mac-app-store"));
            case "GET /api/v1/admin/apple/workflows/{id}", "GET /api/v1/admin/apple/workflows/{id}/authorized-keys" -> raw(key, token, filled.id());
            case "PATCH /api/v1/admin/apple/workflows/{id}" -> json("PATCH", path(key, filled.id()), token, Map.of("bundleId", AppleWorkflows.BUNDLE_ID));
            case "DELETE /api/v1/admin/apple/workflows/{id}" -> raw(key, token, AppleWorkflows.create(service, "throwaway " + SEQUENCE.incrementAndGet(),
                    AppleWorkflows.BUNDLE_ID, Distribution.DEVELOPER_ID).get("id").asText());
            case "PUT /api/v1/admin/apple/workflows/{id}/application-certificate", "PUT /api/v1/admin/apple/workflows/{id}/installer-certificate" -> json("PUT",
                    path(key, filled.id()), token, Map.of("certificateId", filled.view().at(
                            key.contains("application") ? "/applicationCertificate/id" : "/installerCertificate/id").asText()));
            case "POST /api/v1/admin/apple/workflows/{id}/application-certificate" -> upload("POST", path(key, filled.id()), token,
                    AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID).p12(P12_PASSWORD));
            case "POST /api/v1/admin/apple/workflows/{id}/installer-certificate" -> upload("POST", path(key, filled.id()), token,
                    AppleTestPki.certificate(AppleCertificateType.MAC_INSTALLER_DISTRIBUTION, AppleTestPki.TEAM_ID).p12(P12_PASSWORD));
            case "PUT /api/v1/admin/apple/workflows/{id}/profile" -> json("PUT", path(key, filled.id()), token,
                    Map.of("profileId", filled.view().at("/profile/id").asText()));
            case "POST /api/v1/admin/apple/workflows/{id}/profile" -> upload("POST", path(key, filled.id()), token,
                    AppleTestPki.profile(ProfileType.APP_STORE, AppleWorkflows.BUNDLE_ID).build());
            case "POST /api/v1/admin/apple/workflows/{id}/extensions" -> json("POST", path(key, filled.id()), token,
                    Map.of("bundleId", WIDGET + SEQUENCE.incrementAndGet()));
            case "DELETE /api/v1/admin/apple/workflows/{id}/extensions/{bundleId}" -> raw(key.replace("{bundleId}", throwawayExtension()), token,
                    filled.id());
            case "PUT /api/v1/admin/apple/workflows/{id}/extensions/{bundleId}/profile" -> json("PUT", path(key, filled.id()).replace("{bundleId}", WIDGET),
                    token, Map.of("profileId", filled.view().at("/extensions/0/profile/id").asText()));
            case "POST /api/v1/admin/apple/workflows/{id}/extensions/{bundleId}/profile" -> upload("POST",
                    path(key, filled.id()).replace("{bundleId}", WIDGET), token,
                    AppleTestPki.profile(ProfileType.APP_STORE, WIDGET).build());
            case "PUT /api/v1/admin/apple/workflows/{id}/authorized-keys" -> json("PUT", path(key, filled.id()), token, Map.of("all", true));
            case "GET /api/v1/client/workflows" -> raw(key, clientToken);
            case "GET /api/v1/client/workflows/{name}/signing-files" -> new Call("GET",
                    "/api/v1/client/workflows/" + fetched.name() + "/signing-files", clientToken, null, null);
            case "PUT /api/v1/admin/license" -> new Call("PUT", "/api/v1/admin/license", token,
                    "not a license".getBytes(StandardCharsets.UTF_8), "text/plain");
            default -> fail("No plausible request for " + key + "; add one to RoleMatrixTest.plausible");
        };
    }

    /** DELETE routes after the rest, signing out last, so the walk does not pull its own ground away. */
    private static List<Router.Entry> walkOrder() {
        return walkOrder(service);
    }

    private static List<Router.Entry> walkOrder(TestService target) {
        return target.service.routes().stream()
                .sorted(Comparator.comparingInt((Router.Entry route) -> route.pattern().equals("/api/v1/auth/logout") ? 2
                        : route.method().equals("DELETE") ? 1 : 0))
                .collect(Collectors.toList());
    }

    private static String key(Router.Entry route) {
        return route.method() + " " + route.pattern();
    }

    private static String path(String key, String id) {
        return key.substring(key.indexOf(' ') + 1).replace("{id}", id);
    }

    private static Call raw(String key, String token) {
        return new Call(key.substring(0, key.indexOf(' ')), path(key, "none"), token, null, null);
    }

    private static Call raw(String key, String token, String id) {
        return new Call(key.substring(0, key.indexOf(' ')), path(key, id), token, null, null);
    }

    private static Call json(String method, String path, String token, Object body) {
        try {
            return new Call(method, path, token, io.signingmanager.common.json.Json.mapper().writeValueAsBytes(body),
                    "application/json");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Call upload(String method, String path, String token, byte[] p12) {
        // Http.upload sends at once; build the same multipart body here so the call is sent inside the walk.
        String boundary = "----walk" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + P12_PASSWORD
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"id.p12\"\r\n"
                + "Content-Type: application/x-pkcs12\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(p12);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Call(method, path, token, body.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    private static String createUser(String username, boolean isAdmin) {
        return expect(service.http.post("/api/v1/admin/users", admin,
                Map.of("username", username, "password", "initial password 1", "admin", isAdmin)), 201).json().get("id").asText();
    }

    private static String throwawayCertificate() {
        return service.importP12(TestPki.ec("secp256r1", "Throwaway " + SEQUENCE.incrementAndGet()).p12(P12_PASSWORD),
                P12_PASSWORD).get("id").asText();
    }

    private static String uploadProfile(String bundleId) {
        return expect(service.http.upload("POST", "/api/v1/admin/apple/profiles", admin, "file",
                AppleTestPki.profile(ProfileType.APP_STORE, bundleId).build(), Map.of()), 201).json().get("id").asText();
    }

    /** An extension of its own for a DELETE to remove. */
    private static String throwawayExtension() {
        String bundleId = WIDGET + ".throwaway" + SEQUENCE.incrementAndGet();
        expect(service.http.post("/api/v1/admin/apple/workflows/" + filled.id() + "/extensions", admin, Map.of("bundleId", bundleId)), 201);
        return bundleId;
    }

    private static String errorCode(Http.Answer answer) {
        try {
            return answer.json().path("error").asText(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void assertRefused(Http.Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(errorCode(answer)).isEqualTo(code);
    }
}
