package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signing-manager agent} as its own process, the way CI runs it, stopped with SIGTERM. */
class AgentCommandTest {
    @TempDir
    Path folder;

    @Test
    void theHeadlessAgentServesUntilSigtermAndRemovesItsSocket() throws Exception {
        TestPki.TestIdentity rsa = TestPki.rsa(2048, "Headless RSA");
        try (TestService service = TestService.start()) {
            AgentFixture.importAll(service, rsa);
            ManagerHome home = AgentFixture.home(folder);
            AgentFixture.registered(home, service, "headless agent");

            Process agent = start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
                assertThat(out.readLine()).isEqualTo("Signing Manager agent listening on " + home.agentSocket());
                try (AgentClient client = new AgentClient(home.agentSocket())) {
                    assertThat(client.list()).contains("IDENTITY " + AgentTest.sha1(rsa));
                }

                Process second = start();
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(second.exitValue()).isNotZero();
                assertThat(new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                        .contains("already listening on " + home.agentSocket());
            } finally {
                agent.destroy();
            }
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(home.agentSocket()).doesNotExist();
        }
    }

    @Test
    void withoutSettingsTheAgentSaysHowToSetUp() throws Exception {
        Process agent = start();

        assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(agent.exitValue()).isEqualTo(3);
        assertThat(new String(agent.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("not set up yet", "-s -i URL -a KEY");
    }

    private Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Paths.get(System.getProperty("java.class.path")).toAbsolutePath().toString(),
                "io.signingmanager.manager.Main", "agent");
        builder.environment().put(ManagerHome.HOME_VARIABLE, folder.toString());
        builder.environment().remove(AgentSocket.SOCKET_VARIABLE);
        builder.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        return builder.start();
    }
}
