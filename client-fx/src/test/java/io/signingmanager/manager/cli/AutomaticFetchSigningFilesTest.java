package io.signingmanager.manager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.manager.agent.AgentFixture;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.service.testing.AutomaticWorkflows;
import io.signingmanager.service.testing.appstore.AscProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetch-signing-files} on a build machine for an automatic workflow: the service set it up
 * through App Store Connect (the test double), and the machine gets the profile Apple made, byte for
 * byte, and the commands for the certificates whose keys only the service holds.
 */
class AutomaticFetchSigningFilesTest {
    @TempDir
    Path folder;
    private AutomaticWorkflows automatic;
    private Manager manager;

    @BeforeEach
    void start() throws Exception {
        automatic = AutomaticWorkflows.start();
        ManagerHome home = AgentFixture.home(folder.resolve("home"));
        JsonNode key = automatic.service.createApiKey("build mac");
        manager = AgentFixture.manager(home);
        manager.save(automatic.service.service.localUri(), key.get("key").asText(), automatic.service.service.tlsSha256(),
                false);
    }

    @AfterEach
    void stop() {
        automatic.close();
    }

    @Test
    void aBuildMachineFetchesTheProfileAppleMadeAndTheCommandsForTheServicesCertificates() throws Exception {
        String id = automatic.workflow("Automatic release", Distribution.MAC_APP_STORE, false);
        automatic.setUpReady(id);
        JsonNode view = automatic.view(id);
        AscProfile made = automatic.apple.profiles(AutomaticWorkflows.TEAM).get(0);
        Path out = folder.resolve("profiles");

        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = new CommandLine(manager, new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8), Terminal.NONE,
                Map.of(), () -> AgentFixture.home(folder)).run(List.of("fetch-signing-files",
                "--workflow", "Automatic release", "--out", out.toString()));

        String printed = stdout.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(Files.readAllBytes(out.resolve(made.uuid() + ".provisionprofile"))).isEqualTo(made.content());
        String application = view.at("/applicationCertificate/sha1").asText();
        String installer = view.at("/installerCertificate/sha1").asText();
        assertThat(printed).contains("Workflow \"Automatic release\": " + AutomaticWorkflows.BUNDLE_ID + ", Mac App Store",
                "Wrote 1 provisioning profile", "codesign --force --sign \"" + application + "\"",
                "productsign --sign \"" + installer + "\"");
        assertThat(printed).doesNotContain("PRIVATE KEY");
    }
}
