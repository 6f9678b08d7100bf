package io.signingmanager.manager.agent;

import io.signingmanager.manager.connection.Manager;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.testing.RegisteredClientTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the module's tests share: besides the service and the registered Signing Manager, its real
 * agent and the tools pointed at both. Without the built module the tests fail.
 */
abstract class ModuleTest extends RegisteredClientTest {
    Path socket;
    Agent agent;
    ModuleTools tools;

    @BeforeEach
    void startAgent() throws Exception {
        assertThat(ModuleTools.MODULE).as("the module built by pkcs11/ (system property pkcs11.module)").isRegularFile();
        socket = home.agentSocket();
        agent = Agent.start(new AgentSocket.Location(socket, true), manager);
        tools = new ModuleTools(folder, socket);
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.close();
    }
}
