package io.signingmanager.manager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.json.Json;
import io.signingmanager.manager.agent.AgentFixture;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.AppleWorkflows.Made;
import io.signingmanager.service.testing.AppleWorkflows.MadeProfile;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fetch-signing-files} and {@code workflows} against a real Signing Service whose workflows an
 * admin set up through the admin API: the profiles written byte for byte, the commands, and the
 * refusals (not ready, not this key's, unknown) with their exit codes.
 */
class FetchSigningFilesCommandTest {
    @RunningService
    private static TestService service;

    @TempDir
    Path folder;
    private Manager manager;
    private String apiKeyId;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void register() throws Exception {
        ManagerHome home = AgentFixture.home(folder.resolve("home"));
        JsonNode key = service.createApiKey("build mac " + folder.getFileName());
        apiKeyId = key.get("id").asText();
        manager = AgentFixture.manager(home);
        manager.save(service.service.localUri(), key.get("key").asText(), service.service.tlsSha256(), false);
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(manager, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Terminal.NONE,
                Map.of(), () -> AgentFixture.home(folder)).run(List.of(args));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String unique(String name) {
        return name + " " + folder.getFileName();
    }

    @Test
    void writesTheProfilesByteForByteAndPrintsTheCommands() throws Exception {
        Made made = AppleWorkflows.ready(service, unique("MyApp release"), Distribution.MAC_APP_STORE,
                AppleWorkflows.BUNDLE_ID + ".widget");
        Path out = folder.resolve("profiles");

        Run run = run("fetch-signing-files", "--workflow", made.name(), "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(made.profiles()).hasSize(2);
        for (MadeProfile profile : made.profiles()) {
            assertThat(Files.readAllBytes(out.resolve(profile.uuid() + ".provisionprofile"))).isEqualTo(profile.file());
        }
        String main = out.resolve(made.profile().uuid() + ".provisionprofile").toString();
        assertThat(run.out()).contains("Workflow \"" + made.name() + "\": com.example.app, Mac App Store",
                "Wrote 2 provisioning profiles to " + out + ":",
                "Application: " + commonName(made.application()),
                "  SHA-1 " + made.application().sha1(),
                "  cp " + main + " MyApp.app/Contents/embedded.provisionprofile",
                "  codesign --force --sign \"" + made.application().sha1() + "\" --timestamp --entitlements "
                        + "MyApp.entitlements MyApp.app",
                "Installer: " + commonName(made.installer()), "  SHA-1 " + made.installer().sha1(),
                "  productsign --sign \"" + made.installer().sha1() + "\" source.pkg destination.pkg",
                "Apple advises against codesign --deep")
                .doesNotContain("--options runtime");
        assertThat(run.err()).isEmpty();
    }

    static String commonName(TestPki.TestIdentity identity) {
        X500Name subject = X500Name.getInstance(identity.leaf().getSubjectX500Principal().getEncoded());
        return IETFUtils.valueToString(subject.getRDNs(BCStyle.CN)[0].getFirst().getValue());
    }

    @Test
    void jsonSaysWhatWasWrittenAndTheCommandsWithTheHardenedRuntimeForDeveloperId() throws Exception {
        Made made = AppleWorkflows.withoutInstaller(service, unique("Outside the store"), Distribution.DEVELOPER_ID);
        Path out = folder.resolve("new/folder");

        Run run = run("fetch-signing-files", "--workflow", made.name(), "--out", out.toString(), "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = Json.mapper().readTree(run.out());
        assertThat(json.get("workflow").asText()).isEqualTo(made.name());
        assertThat(json.get("distribution").asText()).isEqualTo("developer-id");
        assertThat(json.get("folder").asText()).isEqualTo(out.toString());
        JsonNode profile = json.get("profiles").get(0);
        assertThat(profile.get("uuid").asText()).isEqualTo(made.profile().uuid());
        assertThat(Files.readAllBytes(Path.of(profile.get("file").asText()))).isEqualTo(made.profile().file());
        assertThat(json.get("identities")).hasSize(1);
        JsonNode identity = json.get("identities").get(0);
        assertThat(identity.get("role").asText()).isEqualTo("application");
        assertThat(identity.get("sha1").asText()).isEqualTo(made.application().sha1());
        assertThat(identity.get("type").asText()).isEqualTo("developer-id-application");
        assertThat(identity.get("commands").get(1).asText()).isEqualTo("codesign --force --sign \""
                + made.application().sha1() + "\" --timestamp --options runtime --entitlements MyApp.entitlements MyApp.app");
    }

    @Test
    void aWorkflowThatIsNotReadyIsRefusedWithItsChecklistAndWritesNothing() {
        String name = unique("Half done");
        AppleWorkflows.create(service, name, AppleWorkflows.BUNDLE_ID, Distribution.MAC_APP_STORE);
        Path out = folder.resolve("profiles");

        Run run = run("fetch-signing-files", "--workflow", name, "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(6);
        List<String> lines = run.err().lines().toList();
        assertThat(lines.get(0)).isEqualTo("signing-manager: The workflow \"" + name + "\" is not ready:");
        assertThat(lines.subList(1, lines.size() - 1)).hasSizeGreaterThanOrEqualTo(3).allMatch(line -> line.startsWith("  - "));
        assertThat(run.err()).containsIgnoringCase("application certificate").containsIgnoringCase("profile");
        assertThat(lines.get(lines.size() - 1)).contains("An admin completes it");
        assertThat(run.out()).isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void aWorkflowThisApiKeyMayNotFetchIsRefused() {
        Made made = AppleWorkflows.ready(service, unique("Not for this key"), Distribution.MAC_APP_STORE);
        String other = service.createApiKey("other " + folder.getFileName()).get("id").asText();
        TestService.expect(service.http.put(AppleWorkflows.PATH + "/" + made.id() + "/authorized-keys",
                service.adminToken(), Map.of("all", false, "apiKeyIds", List.of(other))), 200);
        Path out = folder.resolve("profiles");

        Run run = run("fetch-signing-files", "--workflow", made.name(), "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.err()).contains("may not fetch the workflow", "Ask an admin to allow this machine's API key");
        assertThat(out).doesNotExist();
        assertThat(run("workflows").out()).doesNotContain(made.name());
    }

    @Test
    void anUnknownWorkflowIsRefused() {
        Run run = run("fetch-signing-files", "--workflow", unique("No such"), "--out", folder.resolve("p").toString());

        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.err()).contains("has no workflow \"" + unique("No such") + "\"", "The Workflows list (signing-manager workflows)");
    }

    @Test
    void withoutWorkflowTheCommandLineIsWrong() {
        Run run = run("fetch-signing-files", "--out", folder.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("fetch-signing-files needs --workflow");
    }

    @Test
    void workflowsListsReadinessAndWhatIsMissing() throws Exception {
        Made ready = AppleWorkflows.ready(service, unique("A ready one"), Distribution.MAC_APP_STORE);
        String empty = unique("An empty one");
        AppleWorkflows.create(service, empty, "com.example.other", Distribution.DEVELOPER_ID);

        Run run = run("workflows");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(ready.name() + "  com.example.app  Mac App Store  ready\n",
                empty + "  com.example.other  Developer ID  not ready\n  - ");
        JsonNode json = Json.mapper().readTree(run("workflows", "--json").out());
        assertThat(json.findValuesAsText("name")).contains(ready.name(), empty);
    }
}
