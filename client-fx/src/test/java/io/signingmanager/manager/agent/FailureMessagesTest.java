package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.service.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Each tool of docs/works-with.md that signs through the module, when it cannot: the agent gone, this
 * machine's client or the certificate made inactive, a certificate the token does not have. Each fails
 * within seconds with a non-zero exit; the module's line names the reason where there is one to name.
 * What each tool shows is written into docs/works-with-failures.md ({@link FailureTable}), which must
 * match: {@code -Ddocs.write=true} rewrites it.
 */
class FailureMessagesTest extends ModuleTest {
    private static final Map<FailureTable.Case, Map<SigningTool, FailureTable.Outcome>> SEEN =
            new EnumMap<>(FailureTable.Case.class);

    @Test
    void withTheAgentGoneEachToolFailsAtOnceNamingTheSocket() throws Exception {
        agent.close();

        runEach(FailureTable.Case.AGENT_GONE, inputs(AgentTest.sha1(rsa), RSA_NAME));
    }

    @Test
    void withThisMachinesClientInactiveEachToolSaysSo() throws Exception {
        service.http.patch("/api/v1/admin/clients/" + manager.settings().clientId(), service.adminToken(), Map.of("active", false));

        runEach(FailureTable.Case.CLIENT_INACTIVE, inputs(AgentTest.sha1(rsa), RSA_NAME));
    }

    @Test
    void withTheCertificateMadeInactiveAfterTheAgentListedItEachToolGetsTheServicesReason() throws Exception {
        TestPki.TestIdentity soon = TestPki.rsa(2048, "Failure Soon Inactive");
        String id = service.importP12(soon.p12("p12 password"), "p12 password").get("id").asText();
        assertThat(tools.pkcs11Tool("--list-objects").stdout()).contains("Failure Soon Inactive");
        service.http.patch("/api/v1/admin/certificates/" + id, service.adminToken(), Map.of("active", false));

        runEach(FailureTable.Case.CERTIFICATE_INACTIVE, inputs(Fingerprints.sha1(soon.leaf()).toLowerCase(), "Failure Soon Inactive"));
    }

    @Test
    void withACertificateTheTokenDoesNotHaveEachToolSaysItFoundNoKey() throws Exception {
        runEach(FailureTable.Case.WRONG_CERTIFICATE, inputs("00".repeat(20), "Not On This Token"));
    }

    @AfterAll
    static void theTableInTheDocsIsWhatTheToolsShowed() throws Exception {
        if (SEEN.size() == FailureTable.Case.values().length) {
            FailureTable.check(SEEN);
        }
    }

    private SigningTool.Inputs inputs(String sha1, String name) throws Exception {
        return new SigningTool.Inputs(Files.createDirectories(folder.resolve("work")), tools, sha1, name);
    }

    private void runEach(FailureTable.Case failure, SigningTool.Inputs inputs) throws Exception {
        Map<SigningTool, FailureTable.Outcome> outcomes = new EnumMap<>(SigningTool.class);
        for (SigningTool tool : SigningTool.values()) {
            long started = System.nanoTime();
            ExternalTool.Run run = tools.run(tool.command(inputs));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

            assertThat(run.exit()).as(run.toString()).isNotZero();
            assertThat(seconds).as("how long " + tool + " took to fail: " + run).isLessThan(15);
            FailureTable.Outcome outcome = FailureTable.Outcome.of(run, folder, socket, inputs.sha1());
            if (failure == FailureTable.Case.WRONG_CERTIFICATE && !tool.findsById()) {
                assertThat(outcome.tool()).as(tool + " " + failure + ": " + run).containsAnyOf(inputs.name(), "not found");
            } else {
                assertThat(outcome.module()).as(tool + " " + failure + ": " + run).startsWith(failure.moduleSays());
            }
            outcomes.put(tool, outcome);
        }
        SEEN.put(failure, outcomes);
    }
}
