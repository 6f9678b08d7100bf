package io.signingmanager.manager.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.commands.SigningCommands;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.manager.agent.Agent;
import io.signingmanager.manager.agent.AgentFixture;
import io.signingmanager.manager.agent.AgentSocket;
import io.signingmanager.manager.testing.RegisteredClientTest;
import io.signingmanager.manager.testing.SignAudit;
import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.service.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code signing-manager git-setup} with the real git, gpgsm and gnupg-pkcs11-scd loading the built
 * PKCS#11 module, against the real agent and Signing Service: git signs commits and tags with an
 * identity issued by a CA, and verifies them; the failures say what went wrong in our words.
 */
class GitSigningTest extends RegisteredClientTest {
    private static final String NAME = "Git Signing RSA";
    private static final Path MODULE = Path.of(System.getProperty("pkcs11.module", "pkcs11.module not set")).toAbsolutePath();
    private static TestPki.TestIdentity git;

    private Agent agent;
    private Path repository;
    private Map<String, String> env;

    @BeforeAll
    static void importGitIdentity() {
        git = TestPki.issuedByCa(NAME, TestPki.rsaKeys(2048));
        AgentFixture.importAll(service, git);
    }

    @BeforeEach
    void startAgentAndRepository() throws Exception {
        assertThat(MODULE).as("the module built by pkcs11/ (system property pkcs11.module)").isRegularFile();
        agent = Agent.start(new AgentSocket.Location(home.agentSocket(), true), manager);
        Path user = Files.createDirectories(folder.resolve("user"));
        env = Map.of("HOME", user.toString(), "SIGNING_MANAGER_PKCS11_MODULE", MODULE.toString(),
                "GIT_CONFIG_NOSYSTEM", "1");
        repository = folder.resolve("repository");
        git("init", "-q", repository.toString());
        git("-C", repository.toString(), "config", "user.name", "Builder");
        git("-C", repository.toString(), "config", "user.email", "builder@example.com");
    }

    @AfterEach
    void stop() throws Exception {
        ExternalTool.run(List.of("gpgconf", "--homedir", gnupgHome().toString(), "--kill", "all"), env, folder);
        agent.close();
    }

    @Test
    void commitsAndTagsAreSignedThroughTheAgentAndGitVerifiesThem() throws Exception {
        Run setup = setUp("--cert", sha1(), "--repo", repository.toString(), "--trust-ca", caSha1());

        assertThat(setup.exit).as(setup.err).isZero();
        assertThat(setup.out).contains("Signing with " + NAME, "Its root CA: O=Test,CN=Test Code Signing CA",
                "SHA-1 fingerprint: " + Fingerprints.colons(caSha1()), "gpg.format=x509", "user.signingkey=" + sha1(),
                "commit.gpgsign=true", "tag.gpgsign=true");
        commit("first");
        ExternalTool.Run tag = git("-C", repository.toString(), "tag", "-m", "release 1", "v1");
        assertThat(tag.exit()).as(tag.toString()).isZero();

        ExternalTool.Run commit = git("-C", repository.toString(), "verify-commit", "-v", "HEAD");
        assertThat(commit.exit()).as(commit.toString()).isZero();
        assertThat(commit.stderr()).contains("Good signature from \"/CN=" + NAME);
        ExternalTool.Run verifiedTag = git("-C", repository.toString(), "verify-tag", "v1");
        assertThat(verifiedTag.exit()).as(verifiedTag.toString()).isZero();
        assertThat(git("-C", repository.toString(), "log", "--format=%G?").stdout().strip()).isEqualTo("G");
        assertThat(SignAudit.signatures(service, manager.settings().clientId())).isEqualTo(2);
        String clientId = manager.settings().clientId();
        JsonNode records = service.http.get("/api/v1/admin/audit?type=sign&limit=1000", service.adminToken()).json()
                .get("records");
        assertThat(records.findParents("clientId")).filteredOn(r -> r.path("clientId").asText().equals(clientId))
                .hasSize(2).allSatisfy(record -> {
                    assertThat(record.path("certificateSha1").asText()).isEqualToIgnoringCase(sha1());
                    assertThat(record.path("algorithm").asText()).isEqualTo("RSA_PKCS1_RAW");
                });
    }

    @Test
    void anInactiveClientFailsTheCommitWithTheServicesMessage() throws Exception {
        setUpRepository();
        service.http.patch("/api/v1/admin/clients/" + manager.settings().clientId(), service.adminToken(), Map.of("active", false));

        ExternalTool.Run commit = tryCommit("refused");
        ExternalTool.Run atTerminal = atTerminal("git", "-C", repository.toString(), "commit", "-q", "-m", "refused");

        assertThat(commit.exit()).as(commit.toString()).isNotZero();
        assertThat(commit.stderr()).contains("gpg failed to sign the data");
        assertThat(Files.readString(gnupgHome().resolve("pkcs11.log")))
                .contains("signing-manager-pkcs11: the agent refused: client_inactive ", "Clients page");
        assertThat(atTerminal.exit()).as(atTerminal.toString()).isNotZero();
        assertThat(atTerminal.stdout()).contains("signing-manager-pkcs11: the agent refused: client_inactive ", "Clients page",
                "gpg failed to sign the data");
    }

    @Test
    void withTheAgentGoneTheCommitFailsAtOnceSayingSo() throws Exception {
        setUpRepository();
        agent.close();

        long start = System.nanoTime();
        ExternalTool.Run commit = tryCommit("no agent");

        ExternalTool.Run atTerminal = atTerminal("git", "-C", repository.toString(), "commit", "-q", "-m", "no agent");

        assertThat(commit.exit()).as(commit.toString()).isNotZero();
        assertThat(atTerminal.stdout()).as(atTerminal.toString())
                .contains("signing-manager-pkcs11: the Signing Manager agent is not reachable at " + home.agentSocket());
        assertThat(System.nanoTime() - start).isLessThan(20_000_000_000L);

        agent = Agent.start(new AgentSocket.Location(home.agentSocket(), true), manager);
        commit("the agent is back");
    }

    @Test
    void aCertificateMadeInactiveFailsTheCommitAndAnUnknownOneIsRefusedAtSetUp() throws Exception {
        TestPki.TestIdentity soon = TestPki.issuedByCa("Git Soon Inactive", TestPki.rsaKeys(2048));
        String id = service.importP12(soon.p12("p12 password"), "p12 password").get("id").asText();
        Run setup = setUp("--cert", Fingerprints.sha1(soon.chain().get(0)), "--repo", repository.toString(), "--trust-ca",
                Fingerprints.sha1(soon.chain().get(1)));
        assertThat(setup.exit).as(setup.err).isZero();
        service.http.patch("/api/v1/admin/certificates/" + id, service.adminToken(), Map.of("active", false));

        ExternalTool.Run atTerminal = atTerminal("git", "-C", repository.toString(), "commit", "--allow-empty", "-m", "x");
        Run unknown = setUp("--cert", "00".repeat(20), "--repo", repository.toString(), "--trust-ca", caSha1());

        assertThat(atTerminal.exit()).as(atTerminal.toString()).isNotZero();
        assertThat(atTerminal.stdout()).contains("signing-manager-pkcs11: the agent refused: certificate_inactive ");
        assertThat(unknown.exit).isEqualTo(7);
        assertThat(unknown.err).contains("No certificate with the SHA-1 " + "00".repeat(20) + " is available to this machine.",
                sha1() + "  " + NAME);
    }

    @Test
    void undoPutsBackTheGlobalSettingsAndRemovesTheGnupgHome() throws Exception {
        git("config", "--global", "user.signingkey", "my own key");
        git("config", "--global", "gpg.format", "openpgp");

        Run setup = setUp("--cert", sha1(), "--global", "--no-auto-sign", "--trust-ca", caSha1());
        assertThat(setup.exit).as(setup.err).isZero();
        assertThat(git("config", "--global", "user.signingkey").stdout().strip()).isEqualTo(sha1());
        assertThat(git("config", "--global", "commit.gpgsign").exit()).isEqualTo(1);
        ExternalTool.Run signed = git("-C", repository.toString(), "commit", "-S", "--allow-empty", "-m", "signed on request");
        assertThat(signed.exit()).as(signed.toString()).isZero();

        Run undo = setUp("--global", "--undo");
        assertThat(undo.exit).as(undo.err).isZero();
        assertThat(git("config", "--global", "user.signingkey").stdout().strip()).isEqualTo("my own key");
        assertThat(git("config", "--global", "gpg.format").stdout().strip()).isEqualTo("openpgp");
        assertThat(git("config", "--global", "gpg.x509.program").exit()).isEqualTo(1);
        assertThat(gnupgHome()).doesNotExist();
        assertThat(setUp("--global", "--undo").err).contains("git-setup has not set up your global git configuration");
    }

    @Test
    void withoutACheckedFingerprintOrWithAWrongOneNothingIsWritten() throws Exception {
        Run unasked = setUp("--cert", sha1(), "--repo", repository.toString());
        Run wrong = setUp("--cert", sha1(), "--repo", repository.toString(), "--trust-ca", sha1());

        assertThat(unasked.exit).isEqualTo(CommandLine.CHECK_FAILED);
        assertThat(unasked.err).contains("check its fingerprint and run again with --trust-ca " + caSha1(), "Nothing was changed");
        assertThat(wrong.exit).isEqualTo(CommandLine.CHECK_FAILED);
        assertThat(wrong.err).contains("is not the fingerprint of that root CA");
        assertThat(gnupgHome()).doesNotExist();
        assertThat(git("-C", repository.toString(), "config", "gpg.format").exit()).isEqualTo(1);
    }

    @Test
    void anEcCertificateOrAFolderThatIsNoRepositoryIsRefusedInWords() throws Exception {
        Run ecKey = setUp("--cert", Fingerprints.sha1(ec.chain().get(0)), "--repo", repository.toString());
        Run notRepository = setUp("--cert", sha1(), "--repo", folder.resolve("user").toString(), "--trust-ca", caSha1());
        Run ambiguous = setUp("--repo", repository.toString());

        assertThat(ecKey.exit).isEqualTo(7);
        assertThat(ecKey.err).contains(EC_NAME + " has an EC key; gnupg-pkcs11-scd", "uses RSA keys only", sha1() + "  " + NAME);
        assertThat(notRepository.exit).isEqualTo(7);
        assertThat(notRepository.err).contains("is not a git repository");
        assertThat(ambiguous.err).contains("More than one RSA certificate is available: choose one with --cert");
        assertThat(gnupgHome()).doesNotExist();
    }

    private record Run(int exit, String out, String err) {
    }

    /** git-setup as the command line runs it. */
    private Run setUp(String... arguments) {
        List<String> args = new ArrayList<>(List.of("git-setup"));
        args.addAll(List.of(arguments));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(manager, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Terminal.NONE, env, () -> home).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** git-setup of the git identity for the test's repository, its root's fingerprint checked. */
    private void setUpRepository() {
        Run setup = setUp("--cert", sha1(), "--repo", repository.toString(), "--trust-ca", caSha1());
        assertThat(setup.exit).as(setup.err).isZero();
    }

    private void commit(String message) throws Exception {
        ExternalTool.Run commit = tryCommit(message);
        assertThat(commit.exit()).as(commit.toString()).isZero();
    }

    private ExternalTool.Run tryCommit(String message) throws Exception {
        Files.writeString(repository.resolve("file.txt"), message);
        git("-C", repository.toString(), "add", "file.txt");
        return git("-C", repository.toString(), "commit", "-q", "-m", message);
    }

    /** The command as a user at a terminal runs it: under script(1), its terminal's output in stdout. */
    private ExternalTool.Run atTerminal(String... command) throws Exception {
        return ExternalTool.run(List.of("script", "-qec", String.join(" ", Stream.of(command).map(SigningCommands::shellQuote)
                .toList()), "/dev/null"), env, folder);
    }

    private ExternalTool.Run git(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(arguments));
        return ExternalTool.run(command, env, folder);
    }

    private Path gnupgHome() {
        return home.configFolder().resolve("gnupg");
    }

    private static String sha1() {
        return Fingerprints.sha1(git.chain().get(0));
    }

    private static String caSha1() {
        return Fingerprints.sha1(git.chain().get(1));
    }
}
