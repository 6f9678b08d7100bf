package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.service.SigningService;
import io.signingmanager.service.ServiceConfig;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TempFolders;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connections the agent's route keeps open: many signatures over one agent connection, each
 * over the agent's one kept HTTPS connection to the service, and the service restarting between
 * two of them (same data, same port): the agent's kept connection is dead, and the next signature
 * goes through on a new one without an error.
 */
class AgentKeptConnectionsTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path folder;

    @Test
    void signsOverKeptConnectionsAndAcrossAServiceRestart() throws Exception {
        AtomicReference<ServiceConfig> config = new AtomicReference<>();
        Path data = folder.resolve("service");
        TestService service = TestService.start(defaults -> {
            config.set(defaults.withDataFolder(data));
            return config.get();
        });
        SigningService running = service.service;
        TestPki.TestIdentity rsa = TestPki.rsa(2048, "Kept RSA");
        try {
            AgentFixture.importAll(service, rsa);
            ManagerHome home = AgentFixture.home(folder.resolve("home"));
            Manager manager = AgentFixture.registered(home, service, "kept connections");
            try (Agent agent = Agent.start(new AgentSocket.Location(home.agentSocket(), true), manager);
                 AgentClient client = new AgentClient(agent.socket())) {
                for (int i = 0; i < 50; i++) {
                    assertSigned(client, rsa, "signature " + i);
                }
                int port = running.port();
                running.close();
                running = null;
                running = SigningService.start(config.get().withPort(port), service.clock);
                assertSigned(client, rsa, "after the restart");
                assertSigned(client, rsa, "and again");
            }
        } finally {
            if (running != null) {
                running.close();
            }
            TempFolders.delete(service.data);
        }
    }

    private static void assertSigned(AgentClient client, TestPki.TestIdentity identity, String message) throws Exception {
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        String answer = client.ask("SIGN " + identity.sha1() + " RSA_PKCS1_SHA256 " + HEX.formatHex(HashAlgorithm.SHA256.digest(data)));
        assertThat(answer).as(message).startsWith("OK ");
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(identity.keys().getPublic());
        verifier.update(data);
        assertThat(verifier.verify(HEX.parseHex(answer.substring(3)))).as(message).isTrue();
    }
}
