package io.signingmanager.service.clientapi;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client protocol's workflow calls: the list a client's API key may fetch, and a ready
 * workflow's signing files; the usual refusals, {@code workflow_not_ready} with its problems, and
 * every call audited as a fetch.
 */
class WorkflowFetchTest {
    private static final String LIST = "/api/v1/client/workflows";

    @RunningService
    private static TestService service;
    private static String fetcher;
    private static String otherKeyId;
    private static AppleWorkflows.Made ready;

    @BeforeAll
    static void start() {
        fetcher = service.registerClient(service.createApiKey("fetcher").get("key").asText(), "mac-builder")
                .get("clientToken").asText();
        otherKeyId = service.createApiKey("other").get("id").asText();
        ready = AppleWorkflows.ready(service, "MyApp release (2.0) ü", Distribution.MAC_APP_STORE,
                "com.example.app.widget");
        AppleWorkflows.create(service, "Unready", "com.example.unready", Distribution.DEVELOPER_ID);
        String restricted = AppleWorkflows.ready(service, "Restricted", Distribution.DEVELOPER_ID).id();
        expect(service.http.put(PATH + "/" + restricted + "/authorized-keys", service.adminToken(),
                Map.of("all", false, "apiKeyIds", List.of(otherKeyId))), 200);
    }

    @Test
    void theListShowsTheWorkflowsTheKeyMayFetchWithTheirReadiness() {
        JsonNode list = expect(service.http.get(LIST, fetcher), 200).json();
        List<String> names = new ArrayList<>();
        list.forEach(workflow -> names.add(workflow.get("name").asText()));
        assertThat(names).containsExactly("MyApp release (2.0) ü", "Unready");
        assertThat(list.get(0).get("ready").asBoolean()).isTrue();
        assertThat(list.get(0).get("distribution").asText()).isEqualTo("mac-app-store");
        assertThat(list.get(0).get("problems")).isEmpty();
        assertThat(list.get(1).get("ready").asBoolean()).isFalse();
        assertThat(list.get(1).get("problems").get(0).asText())
                .isEqualTo("The workflow has no application certificate (Developer ID Application)");

        JsonNode record = Inventory.lastAuditRecord(service);
        assertThat(record.get("requestType").asText()).isEqualTo("fetch");
        assertThat(record.get("status").asText()).isEqualTo("success");
        assertThat(record.get("apiKeyName").asText()).isEqualTo("fetcher");
        assertThat(record.get("clientHostname").asText()).isEqualTo("mac-builder");
        assertThat(record.at("/context/workflows").asText()).isEqualTo("2");
    }

    @Test
    void signingFilesHoldTheProfilesByteForByteAndTheIdentities() {
        JsonNode files = expect(service.http.get(filesPath(ready.name()), fetcher), 200).json();
        assertThat(files.get("workflow").asText()).isEqualTo(ready.name());
        assertThat(files.get("bundleId").asText()).isEqualTo("com.example.app");
        assertThat(files.get("profiles")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode profile = files.get("profiles").get(i);
            AppleWorkflows.MadeProfile made = ready.profiles().get(i);
            assertThat(profile.get("uuid").asText()).isEqualTo(made.uuid());
            assertThat(profile.get("bundleId").asText()).isEqualTo(made.bundleId());
            assertThat(Base64.getDecoder().decode(profile.get("content").asText())).isEqualTo(made.file());
        }
        JsonNode application = files.get("identities").get(0);
        assertThat(application.get("role").asText()).isEqualTo("application");
        assertThat(application.get("sha1").asText()).isEqualTo(ready.application().sha1());
        assertThat(application.get("type").asText()).isEqualTo("mac-app-distribution");
        assertThat(application.get("teamId").asText()).isEqualTo("A1B2C3D4E5");
        assertThat(application.get("commonName").asText()).startsWith("3rd Party Mac Developer Application:");
        JsonNode installer = files.get("identities").get(1);
        assertThat(installer.get("role").asText()).isEqualTo("installer");
        assertThat(installer.get("sha1").asText()).isEqualTo(ready.installer().sha1());

        JsonNode record = Inventory.lastAuditRecord(service);
        assertThat(record.get("requestType").asText()).isEqualTo("fetch");
        assertThat(record.get("status").asText()).isEqualTo("success");
        assertThat(record.at("/context/workflow").asText()).isEqualTo(ready.name());
    }

    @Test
    void aWorkflowThatIsNotReadyIsRefusedWithItsProblems() {
        Http.Answer answer = service.http.get(filesPath("Unready"), fetcher);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.error()).isEqualTo("workflow_not_ready");
        assertThat(answer.json().get("message").asText()).isEqualTo("The workflow 'Unready' is not ready: 2 problems to fix on its page");
        assertThat(answer.json().get("problems")).extracting(JsonNode::asText).containsExactly(
                "The workflow has no application certificate (Developer ID Application)",
                "The workflow has no Developer ID profile for com.example.unready");
        assertFailureRecorded("workflow_not_ready", "Unready");
    }

    @Test
    void aKeyNotAllowedAndAnUnknownNameAreRefused() {
        Http.Answer answer = service.http.get(filesPath("Restricted"), fetcher);
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.error()).isEqualTo("not_authorized");
        assertThat(answer.json().has("problems")).isFalse();
        assertFailureRecorded("not_authorized", "Restricted");

        answer = service.http.get(filesPath("Nowhere"), fetcher);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.error()).isEqualTo("not_found");
        assertFailureRecorded("not_found", "Nowhere");
    }

    @Test
    void inactiveKeysAndClientsAndStrangersAreRefused() {
        JsonNode key = service.createApiKey("soon inactive");
        JsonNode client = service.registerClient(key.get("key").asText(), "soon-inactive");
        String token = client.get("clientToken").asText();
        expect(service.http.patch("/api/v1/admin/clients/" + client.get("clientId").asText(), service.adminToken(),
                Map.of("active", false)), 200);
        assertRefusedBoth(token, 403, "client_inactive");
        expect(service.http.patch("/api/v1/admin/api-keys/" + key.get("id").asText(), service.adminToken(),
                Map.of("active", false)), 200);
        assertRefusedBoth(token, 403, "key_inactive");
        assertFailureRecorded("key_inactive", ready.name());
        assertRefusedBoth(null, 401, "unauthenticated");
        assertRefusedBoth("smc_unknown", 401, "unauthenticated");
    }

    private static void assertRefusedBoth(String token, int status, String code) {
        for (String path : List.of(LIST, filesPath(ready.name()))) {
            Http.Answer answer = service.http.get(path, token);
            assertThat(answer.status()).as(path + ": " + answer.text()).isEqualTo(status);
            assertThat(answer.error()).isEqualTo(code);
        }
    }

    private static void assertFailureRecorded(String code, String workflow) {
        JsonNode record = Inventory.lastAuditRecord(service);
        assertThat(record.get("requestType").asText()).isEqualTo("fetch");
        assertThat(record.get("status").asText()).isEqualTo("failure");
        assertThat(record.get("reason").asText()).startsWith(code + ": ");
        assertThat(record.at("/context/workflow").asText()).isEqualTo(workflow);
    }

    private static String filesPath(String name) {
        return LIST + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "/signing-files";
    }
}
