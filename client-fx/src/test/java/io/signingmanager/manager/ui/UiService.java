package io.signingmanager.manager.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.manager.agent.AgentFixture;
import io.signingmanager.manager.connection.MachineInfo;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.log.ManagerLog;
import io.signingmanager.manager.secrets.SecretStores;
import io.signingmanager.manager.settings.SettingsStore;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.manager.receipts.ReceiptBook;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Signing Service for one UI test class, holding two identities (an RSA one issued by a CA,
 * so its chain has two certificates, and a self-signed EC one), and Signing Manager homes for tests.
 * A test class registers it as {@code @RegisterExtension static final UiService fixture = new UiService();}:
 * the service starts before the class's tests and stops after them.
 */
public final class UiService implements BeforeAllCallback, AfterAllCallback {
    public static final String P12_PASSWORD = "p12 password";
    public static final String HOSTNAME = "ui-test-machine";

    public TestService service;
    public final TestPki.TestIdentity rsa = TestPki.issuedByCa("Team Code Signing", TestPki.rsaKeys(2048));
    public final TestPki.TestIdentity ec = TestPki.ec("secp256r1", "Another Identity");

    @Override
    public void beforeAll(ExtensionContext context) {
        service = TestService.start();
        service.importP12(rsa.p12(P12_PASSWORD), P12_PASSWORD);
        service.importP12(ec.p12(P12_PASSWORD), P12_PASSWORD);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        service.close();
    }

    public URI url() {
        return service.service.localUri();
    }

    public String tlsSha256() {
        return service.service.tlsSha256();
    }

    /** A new API key's {@code id} and {@code key}. */
    public JsonNode newApiKey(String name) {
        return service.createApiKey(name);
    }

    /** A Signing Manager home in the folder, logging to its SigningManager.log, not set up yet. */
    public static ManagerHome home(Path folder) throws IOException {
        ManagerHome home = ManagerHome.detect(Map.of(ManagerHome.HOME_VARIABLE, folder.toString()), "Linux", folder);
        ManagerLog.install(home.logFile(), false);
        return home;
    }

    public Manager manager(ManagerHome home) {
        return new Manager(new SettingsStore(home.settingsFile()), SecretStores.detect(home, Map.of(), "Linux"),
                new MachineInfo(HOSTNAME, "Linux 6.1 amd64", "test"),
                new ReceiptBook(home.stateFolder(), Clock.systemUTC()));
    }

    /** A manager registered with a new API key of that name, trusting the service's certificate. */
    public Manager registeredManager(ManagerHome home, String keyName) throws Problem {
        Manager manager = manager(home);
        manager.save(url(), newApiKey(keyName).get("key").asText(), tlsSha256(), false);
        return manager;
    }

    /** The admin API's view of a registered client: {@code id, apiKeyId, hostname, active, ...}. */
    public JsonNode client(String id) {
        return TestService.expect(service.http.get("/api/v1/admin/clients/" + id, service.adminToken()), 200).json();
    }

    /** The clients the service lists as registered with the API key of that name. */
    public List<JsonNode> clientsOfKey(String apiKeyName) {
        return AgentFixture.clientsOfKey(service, apiKeyName);
    }

    public void setActive(String what, String id, boolean active) {
        TestService.expect(service.http.patch("/api/v1/admin/" + what + "/" + id, service.adminToken(),
                Map.of("active", active)), 200);
    }
}
