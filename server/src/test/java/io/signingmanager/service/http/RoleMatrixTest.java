package io.signingmanager.service.http;

import static io.signingmanager.service.testing.TestService.expect;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.http.RouteCalls.Call;
import io.signingmanager.service.http.RouteCalls.Caller;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every route the service serves for each kind of caller. The table below is the Users page
 * of the seed written down: admins do everything; non-admins view certificates, API keys and
 * clients and toggle their status; nobody but an admin reaches users, audit or license; the API
 * reference is open to all. A route missing from the table fails the test. A new route gets a line
 * in the table (App Store Connect routes under a heading of their own, at its end) and a request in
 * its area's class ({@link CoreRouteCalls}, {@link AppleRouteCalls}; a new area implements
 * {@link RouteCalls.Area} and joins {@code areas} in {@link #start}).
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
            entry("POST /api/v1/client/sign-batch", Access.PUBLIC),
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
            // The signing log: its key for anyone, its checkpoints and proofs for active clients and admins.
            entry("GET /api/v1/log/key", Access.PUBLIC),
            entry("GET /api/v1/log/checkpoint", Access.CLIENT_OR_ADMIN),
            entry("GET /api/v1/log/proof/inclusion", Access.CLIENT_OR_ADMIN),
            entry("GET /api/v1/log/proof/consistency", Access.CLIENT_OR_ADMIN),
            entry("GET /api/v1/log/entries", Access.CLIENT_OR_ADMIN),
            entry("GET /api/v1/log/search", Access.CLIENT_OR_ADMIN),
            entry("GET /api/v1/admin/license", Access.ADMIN),
            entry("PUT /api/v1/admin/license", Access.ADMIN),
            entry("DELETE /api/v1/admin/license", Access.ADMIN),
            // Backups: admins only (a backup holds every sealed key and the audit).
            entry("GET /api/v1/admin/backup", Access.ADMIN),
            entry("POST /api/v1/admin/backup", Access.ADMIN),
            entry("PUT /api/v1/admin/backup/schedule", Access.ADMIN),
            entry("DELETE /api/v1/admin/backup/schedule", Access.ADMIN),
            // API reference: everyone.
            entry("GET /api/v1/version", Access.PUBLIC),
            entry("GET /api/v1/health", Access.PUBLIC),
            entry("GET /api/openapi.json", Access.PUBLIC),
            entry("GET /api/v1/diagnostics", Access.USER),
            // App Store Connect: API keys, admins only (they reach the team's certificates).
            entry("GET /api/v1/admin/apple/connect-keys", Access.ADMIN),
            entry("POST /api/v1/admin/apple/connect-keys", Access.ADMIN),
            entry("GET /api/v1/admin/apple/connect-keys/{id}", Access.ADMIN),
            entry("DELETE /api/v1/admin/apple/connect-keys/{id}", Access.ADMIN),
            entry("POST /api/v1/admin/apple/connect-keys/{id}/test", Access.ADMIN),
            entry("GET /api/v1/admin/apple/connect-keys/{id}/bundle-ids", Access.ADMIN),
            // App Store Connect: automatic signing of a workflow, admins only.
            entry("POST /api/v1/admin/apple/workflows/{id}/automatic/set-up", Access.ADMIN),
            entry("POST /api/v1/admin/apple/workflows/{id}/automatic/check", Access.ADMIN),
            entry("GET /api/v1/admin/apple/workflows/{id}/automatic/runs", Access.ADMIN),
            entry("POST /api/v1/admin/apple/workflows/{id}/automatic/revoke", Access.ADMIN));

    /** Allowed calls whose plausible request still does not succeed, and why. */
    private static final Map<String, Integer> NOT_2XX = TestPostgres.inUse() ? Map.of(
            "PUT /api/v1/admin/license", 400,
            // PostgreSQL is backed up with pg_dump, not by the service.
            "POST /api/v1/admin/backup", 409, "PUT /api/v1/admin/backup/schedule", 409,
            "DELETE /api/v1/admin/backup/schedule", 409)
            : Map.of("PUT /api/v1/admin/license", 400); // no license issuer key is configured in tests

    // App Store Connect is the service's double (service.apple), so that admins' calls succeed without Apple.
    @RunningService(appStoreConnect = true)
    private static TestService service;
    private static String admin;
    private static CoreRouteCalls core;
    // Each area of routes brings its requests; App Store Connect routes get a class of their own here.
    private static List<RouteCalls.Area> areas;

    @BeforeAll
    static void start() {
        admin = service.adminToken();
        core = new CoreRouteCalls(service);
        areas = List.of(core, new AppleRouteCalls(service, core.clientToken()), new ConnectRouteCalls(service),
                new AutomaticRouteCalls(service, service.apple));
    }

    @AfterAll
    static void everyCallMatchedApplesSpec() {
        core.close();
        assertThat(service.apple.schemaProblems()).isEmpty();
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
        walk(new Caller("non-admin", token, TestService.USER_PASSWORD), access -> access == Access.ADMIN || access == Access.CLIENT_OR_ADMIN ? 403 : 200,
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
        core.createUser("newcomer", false);
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
    void activeClientsAreServedTheSigningLogAndInactiveOnesAreRefused() {
        JsonNode key = service.createApiKey("log reader");
        String token = service.registerClient(key.get("key").asText(), "log-reader").get("clientToken").asText();
        List<String> paths = List.of("/api/v1/log/checkpoint", "/api/v1/log/proof/inclusion?index=0&size=1",
                "/api/v1/log/proof/consistency?from=1&to=2", "/api/v1/log/entries?start=0&end=2",
                "/api/v1/log/search?signatureSha256=" + "0".repeat(64));
        for (String path : paths) {
            expect(service.http.get(path, token), 200);
        }
        expect(service.http.patch("/api/v1/admin/api-keys/" + key.get("id").asText(), admin, Map.of("active", false)), 200);
        for (String path : paths) {
            assertRefused(service.http.get(path, token), 401, "unauthenticated");
        }
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
            Http.Answer answer = service.http.send(call.method(), call.path(), call.token(), call.body(), call.contentType());
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
            if (route.access() == Access.USER || route.access() == Access.ADMIN || route.access() == Access.CLIENT_OR_ADMIN) {
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

    /** The request each area has for the route; a route no area knows fails the test. */
    private static Call plausible(String key, Caller caller) {
        return areas.stream().map(area -> area.plausible(key, caller)).filter(Objects::nonNull).findFirst()
                .orElseGet(() -> fail("No plausible request for " + key + "; add one to its area's RouteCalls class"));
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
