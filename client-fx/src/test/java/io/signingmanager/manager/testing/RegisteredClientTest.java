package io.signingmanager.manager.testing;

import io.signingmanager.manager.agent.AgentFixture;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tests of the local tools share: a real Signing Service with an RSA-2048 identity
 * (self-signed) and a P-256 one (issued by a CA), and for each test a Signing Manager home in
 * {@code folder/home}, registered with an API key of its own.
 */
public abstract class RegisteredClientTest {
    public static final String RSA_NAME = "Code Signing RSA";
    public static final String EC_NAME = "Code Signing EC";
    @RunningService
    protected static TestService service;
    protected static TestPki.TestIdentity rsa;
    protected static TestPki.TestIdentity ec;

    @TempDir
    protected Path folder;
    protected ManagerHome home;
    protected Manager manager;

    @BeforeAll
    static void importIdentities() {
        rsa = TestPki.rsa(2048, RSA_NAME);
        ec = TestPki.issuedByCa(EC_NAME, TestPki.ecKeys("secp256r1"));
        AgentFixture.importAll(service, rsa, ec);
    }

    @BeforeEach
    void register() throws Exception {
        home = AgentFixture.home(folder.resolve("home"));
        manager = AgentFixture.registered(home, service, getClass().getSimpleName() + " " + folder.getFileName());
    }

    protected static String commonName(TestPki.TestIdentity identity) {
        return identity == rsa ? RSA_NAME : EC_NAME;
    }
}
