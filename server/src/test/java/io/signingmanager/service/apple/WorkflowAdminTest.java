package io.signingmanager.service.apple;

import static io.signingmanager.service.testing.AppleWorkflows.BUNDLE_ID;
import static io.signingmanager.service.testing.AppleWorkflows.PATH;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Workflows' own fields and who may fetch them: the rules, and every change audited with before and after. */
class WorkflowAdminTest {
    @RunningService
    private static TestService service;

    @Test
    void createUpdateAuthorizeAndDeleteAreAudited() {
        JsonNode created = AppleWorkflows.create(service, "  Audited app  ", BUNDLE_ID, Distribution.MAC_APP_STORE);
        String id = created.get("id").asText();
        assertThat(created.get("name").asText()).as("trimmed").isEqualTo("Audited app");
        assertThat(created.get("method").asText()).isEqualTo("manual");
        assertThat(created.at("/authorization/all").asBoolean()).as("every key by default").isTrue();
        JsonNode record = Inventory.lastAuditRecord(service);
        assertThat(record.get("action").asText()).isEqualTo("workflow.create");
        assertThat(record.get("objectKind").asText()).isEqualTo("workflow");
        assertThat(record.get("objectName").asText()).isEqualTo("Audited app");
        assertThat(record.at("/after/bundleId").asText()).isEqualTo(BUNDLE_ID);
        assertThat(record.at("/after/distribution").asText()).isEqualTo("mac-app-store");

        JsonNode updated = expect(service.http.patch(PATH + "/" + id, service.adminToken(),
                Map.of("name", "Renamed app", "distribution", "developer-id")), 200).json();
        assertThat(updated.get("bundleId").asText()).as("left out, kept").isEqualTo(BUNDLE_ID);
        record = Inventory.lastAuditRecord(service);
        assertThat(record.get("action").asText()).isEqualTo("workflow.update");
        assertThat(record.at("/before/name").asText()).isEqualTo("Audited app");
        assertThat(record.at("/after/name").asText()).isEqualTo("Renamed app");
        assertThat(record.at("/after/distribution").asText()).isEqualTo("developer-id");

        String keyId = service.createApiKey("only this one").get("id").asText();
        JsonNode authorization = expect(service.http.put(PATH + "/" + id + "/authorized-keys", service.adminToken(),
                Map.of("all", false, "apiKeyIds", List.of(keyId, keyId))), 200).json();
        assertThat(authorization.get("apiKeyIds")).extracting(JsonNode::asText).containsExactly(keyId);
        record = Inventory.lastAuditRecord(service);
        assertThat(record.get("action").asText()).isEqualTo("workflow.authorize");
        assertThat(record.at("/before/allKeys").asText()).isEqualTo("true");
        assertThat(record.at("/after/apiKeys").asText()).isEqualTo("only this one");
        assertThat(expect(service.http.get(PATH + "/" + id + "/authorized-keys", service.adminToken()), 200).json())
                .isEqualTo(authorization);

        expect(service.http.delete(PATH + "/" + id, service.adminToken()), 204);
        record = Inventory.lastAuditRecord(service);
        assertThat(record.get("action").asText()).isEqualTo("workflow.delete");
        assertThat(record.at("/before/name").asText()).isEqualTo("Renamed app");
        assertThat(service.http.get(PATH + "/" + id, service.adminToken()).status()).isEqualTo(404);
    }

    @Test
    void theAutomaticSettingsAreRefusedInWordsWithoutAKnownKeyOrOutOfPlace() {
        assertThat(refused(Map.of("method", "automatic"))).isEqualTo("The automatic method needs an App Store Connect "
                + "API key: field 'connectKeyId' is required (an admin adds keys under Apple, App Store Connect API Keys)");
        assertThat(refused(Map.of("method", "automatic", "connectKeyId", "no such key"))).isEqualTo("Field 'connectKeyId' "
                + "names no App Store Connect API key the service holds: choose one of the keys under Apple, App Store Connect API Keys");
        assertThat(refused(Map.of("method", "manual", "connectKeyId", "some key"))).startsWith(
                "Field 'connectKeyId' is for the automatic method only");
        assertThat(refused(Map.of("connectKeyId", "some key"))).as("manual by default").startsWith(
                "Field 'connectKeyId' is for the automatic method only");
        assertThat(refused(Map.of("distribution", "developer-id", "macCatalyst", true))).isEqualTo("Field 'macCatalyst' "
                + "is for Mac App Store workflows only: the service makes Mac Catalyst profiles for the Mac App Store; "
                + "a Developer ID workflow cannot be one");

        JsonNode catalyst = expect(service.http.post(PATH, service.adminToken(), Map.of("name", "Catalyst",
                "bundleId", BUNDLE_ID, "distribution", "mac-app-store", "macCatalyst", true)), 201).json();
        assertThat(catalyst.get("macCatalyst").asBoolean()).isTrue();
        assertThat(catalyst.has("connectKeyId")).as("manual: no API key").isFalse();
        String id = catalyst.get("id").asText();
        Http.Answer toDeveloperId = service.http.patch(PATH + "/" + id, service.adminToken(),
                Map.of("distribution", "developer-id"));
        assertThat(toDeveloperId.status()).isEqualTo(400);
        assertThat(toDeveloperId.json().get("message").asText()).startsWith("Field 'macCatalyst' is for Mac App Store");
        JsonNode changed = expect(service.http.patch(PATH + "/" + id, service.adminToken(),
                Map.of("distribution", "developer-id", "macCatalyst", false)), 200).json();
        assertThat(changed.get("macCatalyst").asBoolean()).isFalse();
        assertThat(Inventory.lastAuditRecord(service).at("/before/macCatalyst").asText()).isEqualTo("true");
        Http.Answer automatic = service.http.patch(PATH + "/" + id, service.adminToken(), Map.of("method", "automatic"));
        assertThat(automatic.status()).isEqualTo(400);
        assertThat(automatic.json().get("message").asText()).contains("field 'connectKeyId' is required");
    }

    /** The message of a create refused with 400, the fields given on top of a valid manual workflow's. */
    private static String refused(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(Map.of("name", "Refused", "bundleId", BUNDLE_ID,
                "distribution", "mac-app-store"));
        body.putAll(fields);
        Http.Answer answer = service.http.post(PATH, service.adminToken(), body);
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.error()).isEqualTo("bad_request");
        return answer.json().get("message").asText();
    }

    @Test
    void namesAreUniqueAndBundleIdsAsApplesAre() {
        AppleWorkflows.create(service, "Unique", BUNDLE_ID, Distribution.MAC_APP_STORE);
        Http.Answer twice = service.http.post(PATH, service.adminToken(), Map.of("name", "Unique", "bundleId", BUNDLE_ID,
                "distribution", "developer-id"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("message").asText()).isEqualTo("A workflow named 'Unique' exists already; choose another name");
        JsonNode made = AppleWorkflows.create(service, "Hyphens", "com.example-corp.My-App2", Distribution.DEVELOPER_ID);
        assertThat(made.get("bundleId").asText()).isEqualTo("com.example-corp.My-App2");
        Http.Answer wildcard = service.http.post(PATH, service.adminToken(), Map.of("name", "Wildcard",
                "bundleId", "com.example.*", "distribution", "developer-id"));
        assertThat(wildcard.json().get("message").asText()).isEqualTo("Field 'bundleId' is not a bundle identifier: use "
                + "letters, digits, hyphens and periods, such as com.example.app");
    }

    /** Creates and renames racing past the name check meet the table's unique name: conflicts, not failures. */
    @Test
    void theSameNameTakenAtOnceIsTakenOnceAndTheOthersAreConflicts() throws Exception {
        int callers = 8;
        List<Http.Answer> created = atOnce(callers, i -> service.http.post(PATH, service.adminToken(),
                Map.of("name", "Raced", "bundleId", BUNDLE_ID, "distribution", "mac-app-store")));
        assertThat(created).extracting(Http.Answer::status).containsOnly(201, 409).containsOnlyOnce(201);
        assertThat(created).filteredOn(answer -> answer.status() == 409).extracting(Http.Answer::error).containsOnly("conflict");

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            ids.add(AppleWorkflows.create(service, "Renamed in a race " + i, BUNDLE_ID, Distribution.DEVELOPER_ID)
                    .get("id").asText());
        }
        List<Http.Answer> renamed = atOnce(callers, i -> service.http.patch(PATH + "/" + ids.get(i), service.adminToken(),
                Map.of("name", "Raced rename")));
        assertThat(renamed).extracting(Http.Answer::status).containsOnly(200, 409).containsOnlyOnce(200);

        JsonNode all = expect(service.http.get(PATH, service.adminToken()), 200).json();
        assertThat(all.findValuesAsText("name")).containsOnlyOnce("Raced", "Raced rename");
    }

    /** Sends {@code callers} requests at the same moment, each from a thread of its own; answers them in order. */
    private static List<Http.Answer> atOnce(int callers, IntFunction<Http.Answer> call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(callers);
        try {
            List<Future<Http.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                int index = i;
                answers.add(threads.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Http.Answer> seen = new ArrayList<>();
            for (Future<Http.Answer> answer : answers) {
                seen.add(answer.get(60, TimeUnit.SECONDS));
            }
            return seen;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void usersViewWorkflowsButOnlyAdminsChangeThem() {
        String id = AppleWorkflows.create(service, "Viewed", BUNDLE_ID, Distribution.MAC_APP_STORE).get("id").asText();
        String user = service.userToken("viewer", false);
        assertThat(expect(service.http.get(PATH + "/" + id, user), 200).json().get("name").asText()).isEqualTo("Viewed");
        assertThat(expect(service.http.get(PATH, user), 200).json()).isNotEmpty();
        Http.Answer refused = service.http.patch(PATH + "/" + id, user, Map.of("name", "Changed by a user"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("forbidden");
        assertThat(expect(service.http.get(PATH + "/" + id, user), 200).json().get("name").asText()).isEqualTo("Viewed");
    }
}
