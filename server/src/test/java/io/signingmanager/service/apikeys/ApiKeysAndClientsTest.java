package io.signingmanager.service.apikeys;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysAndClientsTest {
    @RunningService
    private static TestService service;

    @Test
    void aNewKeyHasAGeneratedValueOfAtLeast128RandomBits() {
        Set<String> values = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            String value = service.createApiKey("key " + i).get("key").asText();
            assertThat(value).startsWith("smk_");
            assertThat(Base64.getUrlDecoder().decode(value.substring(4))).hasSizeGreaterThanOrEqualTo(16);
            values.add(value);
        }
        assertThat(values).hasSize(5);
    }

    @Test
    void theListCountsClientsAndShowValueShowsTheKeyAgain() {
        JsonNode key = service.createApiKey("build farm");
        String id = key.get("id").asText();
        service.registerClient(key.get("key").asText(), "build-1");
        service.registerClient(key.get("key").asText(), "build-2");

        JsonNode listed = find(id);
        assertThat(listed.get("name").asText()).isEqualTo("build farm");
        assertThat(listed.get("clientCount").asInt()).isEqualTo(2);
        assertThat(listed.get("active").asBoolean()).isTrue();
        assertThat(listed.has("key")).isFalse();

        JsonNode value = expect(service.http.get("/api/v1/admin/api-keys/" + id + "/value", service.adminToken()), 200).json();
        assertThat(value.get("key").asText()).isEqualTo(key.get("key").asText());
    }

    @Test
    void clientsAreListedPerKeyAndInAllWithTheirMachineAndTimes() {
        Instant before = Instant.now().minusSeconds(1);
        JsonNode key = service.createApiKey("desks");
        String keyId = key.get("id").asText();
        String clientId = service.registerClient(key.get("key").asText(), "desk-7").get("clientId").asText();

        JsonNode ofKey = expect(service.http.get("/api/v1/admin/api-keys/" + keyId + "/clients", service.adminToken()), 200).json();
        assertThat(ofKey).hasSize(1);
        JsonNode client = ofKey.get(0);
        assertThat(client.get("id").asText()).isEqualTo(clientId);
        assertThat(client.get("hostname").asText()).isEqualTo("desk-7");
        assertThat(client.get("platform").asText()).isEqualTo("Linux");
        assertThat(client.get("appVersion").asText()).isEqualTo("1.0.0");
        assertThat(client.get("apiKeyName").asText()).isEqualTo("desks");
        assertThat(Instant.parse(client.get("registeredAt").asText())).isAfter(before);
        assertThat(Instant.parse(client.get("lastSeenAt").asText())).isAfter(before);

        JsonNode all = expect(service.http.get("/api/v1/admin/clients", service.adminToken()), 200).json();
        assertThat(all).extracting(c -> c.get("id").asText()).contains(clientId);
        assertThat(service.http.get("/api/v1/admin/api-keys/nope/clients", service.adminToken()).error()).isEqualTo("not_found");

        JsonNode inactive = expect(service.http.patch("/api/v1/admin/clients/" + clientId, service.adminToken(),
                Map.of("active", false)), 200).json();
        assertThat(inactive.get("active").asBoolean()).isFalse();
    }

    @Test
    void renameToggleAndDeleteAKeyWithItsClients() {
        JsonNode key = service.createApiKey("temporary");
        String id = key.get("id").asText();
        String clientId = service.registerClient(key.get("key").asText(), "tmp").get("clientId").asText();
        assertThat(expect(service.http.patch("/api/v1/admin/api-keys/" + id, service.adminToken(),
                Map.of("name", "renamed")), 200).json().get("name").asText()).isEqualTo("renamed");
        assertThat(expect(service.http.patch("/api/v1/admin/api-keys/" + id, service.adminToken(),
                Map.of("active", false)), 200).json().get("active").asBoolean()).isFalse();

        expect(service.http.delete("/api/v1/admin/api-keys/" + id, service.adminToken()), 204);
        assertThat(find(id)).isNull();
        assertThat(service.http.get("/api/v1/admin/clients/" + clientId, service.adminToken()).error()).isEqualTo("not_found");
        assertThat(service.http.post("/api/v1/client/register", key.get("key").asText(),
                Map.of("hostname", "h", "platform", "p", "appVersion", "v")).error()).isEqualTo("unauthenticated");
    }

    private static JsonNode find(String id) {
        for (JsonNode key : expect(service.http.get("/api/v1/admin/api-keys", service.adminToken()), 200).json()) {
            if (key.get("id").asText().equals(id)) {
                return key;
            }
        }
        return null;
    }
}
