package io.signingmanager.manager.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.manager.connection.MachineInfo;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.secrets.SecretStores;
import io.signingmanager.manager.settings.SettingsStore;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.manager.receipts.ReceiptBook;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import java.time.Clock;

/** A Signing Manager home in a folder, registered with a test service through the Manager. */
public final class AgentFixture {
    private AgentFixture() {
    }

    private static final String P12_PASSWORD = "p12 password";

    /** Imports those identities into the test service; every API key may use them. */
    public static void importAll(TestService service, TestPki.TestIdentity... identities) {
        for (TestPki.TestIdentity identity : identities) {
            service.importP12(identity.p12(P12_PASSWORD), P12_PASSWORD);
        }
    }

    public static ManagerHome home(Path folder) {
        return ManagerHome.detect(Map.of(ManagerHome.HOME_VARIABLE, folder.toString()), "Linux", folder);
    }

    /** A Manager on that home, not registered yet. */
    public static Manager manager(ManagerHome home) {
        return new Manager(new SettingsStore(home.settingsFile()), SecretStores.detect(home, Map.of(), "Linux"),
                new MachineInfo("agent-host", "Linux 6.1 amd64", "test"),
                new ReceiptBook(home.stateFolder(), Clock.systemUTC()));
    }

    public static Manager registered(ManagerHome home, TestService service, String keyName) throws Problem {
        Manager manager = manager(home);
        manager.save(service.service.localUri(), service.createApiKey(keyName).get("key").asText(),
                service.service.tlsSha256(), false);
        return manager;
    }

    /** The clients the service lists as registered with the API key of that name. */
    public static List<JsonNode> clientsOfKey(TestService service, String apiKeyName) {
        JsonNode clients = TestService.expect(service.http.get("/api/v1/admin/clients", service.adminToken()), 200).json();
        return StreamSupport.stream(clients.spliterator(), false)
                .filter(client -> apiKeyName.equals(client.path("apiKeyName").asText())).toList();
    }
}
