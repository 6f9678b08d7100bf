package io.signingmanager.bench;

import io.signingmanager.manager.connection.MachineInfo;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.secrets.SecretStores;
import io.signingmanager.manager.settings.SettingsStore;
import io.signingmanager.manager.receipts.ReceiptBook;
import java.util.Map;
import java.time.Clock;

/** The real Signing Manager {@code Manager}, registered in a home with the benchmark's service. */
final class BenchManager {
    private BenchManager() {
    }

    static Manager register(ManagerHome home, BenchmarkSetup setup) throws Exception {
        // No environment: the API key goes to the home's owner-only file, not the desktop's secret store.
        Manager manager = new Manager(new SettingsStore(home.settingsFile()), SecretStores.detect(home, Map.of(), "Linux"),
                new MachineInfo("signing-bench", System.getProperty("os.name"), "bench"),
                new ReceiptBook(home.stateFolder(), Clock.systemUTC()));
        manager.save(setup.uri(), setup.apiKey(), setup.tlsSha256(), false);
        return manager;
    }
}
