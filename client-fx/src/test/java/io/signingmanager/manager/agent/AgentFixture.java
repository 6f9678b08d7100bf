package io.signingmanager.manager.agent;

import io.signingmanager.manager.connection.MachineInfo;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.secrets.SecretStores;
import io.signingmanager.manager.settings.SettingsStore;
import io.signingmanager.service.testing.TestService;
import java.nio.file.Path;
import java.util.Map;

/** A Signing Manager home in a folder, registered with a test service through the Manager. */
final class AgentFixture {
    private AgentFixture() {
    }

    static ManagerHome home(Path folder) {
        return ManagerHome.detect(Map.of(ManagerHome.HOME_VARIABLE, folder.toString()), "Linux", folder);
    }

    /** A Manager on that home, not registered yet. */
    static Manager manager(ManagerHome home) {
        return new Manager(new SettingsStore(home.settingsFile()), SecretStores.detect(home, Map.of(), "Linux"),
                new MachineInfo("agent-host", "Linux 6.1 amd64", "test"));
    }

    static Manager registered(ManagerHome home, TestService service, String keyName) throws Problem {
        Manager manager = manager(home);
        manager.save(service.service.localUri(), service.createApiKey(keyName).get("key").asText(),
                service.service.tlsSha256(), false);
        return manager;
    }
}
