package io.signingmanager.manager.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.manager.agent.AgentFixture;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.secrets.SecretStore;
import io.signingmanager.manager.secrets.SecretStores;
import io.signingmanager.manager.settings.Settings;
import io.signingmanager.service.testing.TestService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving the settings registers this machine once per service and API key, not once per save. */
class ManagerSaveTest {
    private static TestService service;

    @TempDir
    Path folder;

    @BeforeAll
    static void startService() {
        service = TestService.start();
    }

    @AfterAll
    static void stopService() {
        service.close();
    }

    @Test
    void savingAgainWithTheSameUrlAndKeyKeepsTheRegistration() throws Exception {
        Manager manager = AgentFixture.manager(AgentFixture.home(folder));
        String key = service.createApiKey("saved twice").get("key").asText();

        Settings first = manager.save(service.service.localUri(), key, service.service.tlsSha256(), false);
        Settings again = manager.save(service.service.localUri(), "", service.service.tlsSha256(), true);
        Settings typedAgain = manager.save(service.service.localUri(), key, service.service.tlsSha256(), true);

        assertThat(again.clientId()).isEqualTo(first.clientId());
        assertThat(typedAgain.clientId()).isEqualTo(first.clientId());
        assertThat(again.debug()).isTrue();
        assertThat(clientsOf("saved twice")).hasSize(1);
        assertThat(manager.whoami().client().id()).isEqualTo(first.clientId());
    }

    @Test
    void aTokenTheServiceNoLongerKnowsIsReplacedByANewRegistration() throws Exception {
        ManagerHome home = AgentFixture.home(folder);
        Manager manager = AgentFixture.manager(home);
        String key = service.createApiKey("forgotten token").get("key").asText();
        Settings first = manager.save(service.service.localUri(), key, service.service.tlsSha256(), false);
        SecretStores.detect(home, Map.of(), "Linux").put(SecretStore.CLIENT_TOKEN, "smc_a-token-the-service-never-made");

        Settings again = manager.save(service.service.localUri(), "", service.service.tlsSha256(), false);

        assertThat(again.clientId()).isNotEqualTo(first.clientId());
        assertThat(manager.whoami().client().id()).isEqualTo(again.clientId());
    }

    @Test
    void anotherKeyRegistersAnew() throws Exception {
        ManagerHome home = AgentFixture.home(folder);
        Manager manager = AgentFixture.manager(home);
        Settings first = manager.save(service.service.localUri(), service.createApiKey("first key").get("key").asText(),
                service.service.tlsSha256(), false);

        Settings second = manager.save(service.service.localUri(),
                service.createApiKey("second key").get("key").asText(), service.service.tlsSha256(), false);

        assertThat(second.clientId()).isNotEqualTo(first.clientId());
        assertThat(clientsOf("second key")).hasSize(1);
        assertThat(manager.whoami().apiKey().name()).isEqualTo("second key");
    }

    private static List<JsonNode> clientsOf(String apiKeyName) {
        return AgentFixture.clientsOfKey(service, apiKeyName);
    }
}
