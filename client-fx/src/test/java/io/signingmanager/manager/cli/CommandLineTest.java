package io.signingmanager.manager.cli;

import io.signingmanager.common.crypto.Fingerprints;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.json.Json;
import io.signingmanager.manager.connection.MachineInfo;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.log.ManagerLog;
import io.signingmanager.manager.secrets.SecretStores;
import io.signingmanager.manager.settings.SettingsStore;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.manager.receipts.ReceiptBook;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every flag of the command line against a real Signing Service, with its output and exit code. */
class CommandLineTest {
    private static final String P12_PASSWORD = "p12 password";
    @RunningService
    private static TestService service;
    private static TestPki.TestIdentity rsa;
    private static TestPki.TestIdentity ec;

    @TempDir
    Path folder;
    private ManagerHome home;

    /** One run: exit code, stdout, stderr. */
    record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void importIdentities() {
        rsa = TestPki.rsa(2048, "Team Code Signing");
        ec = TestPki.ec("secp256r1", "Another Identity");
        service.importP12(rsa.p12(P12_PASSWORD), P12_PASSWORD);
        service.importP12(ec.p12(P12_PASSWORD), P12_PASSWORD);
    }

    @BeforeEach
    void home() throws Exception {
        home = ManagerHome.detect(Map.of(ManagerHome.HOME_VARIABLE, folder.toString()), "Linux", folder);
        ManagerLog.install(home.logFile(), false);
    }

    private Run run(String... args) {
        return run(Terminal.NONE, args);
    }

    /** A run with someone at the console, answering as {@code terminal} does. */
    private Run run(Terminal terminal, String... args) {
        Manager manager = new Manager(new SettingsStore(home.settingsFile()),
                SecretStores.detect(home, Map.of(), "Linux"), new MachineInfo("build-agent-7", "Linux 6.1 amd64", "test"),
                new ReceiptBook(home.stateFolder(), Clock.systemUTC()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(manager, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal,
                Map.of(), () -> home).run(List.of(args));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private String url() {
        return service.service.localUri().toString();
    }

    /** The SHA-256 of the test service's TLS certificate, as the service's main page shows it. */
    private static String pin() {
        return service.service.tlsSha256();
    }

    /** The same fingerprint as the CLI writes it for a person, in colon pairs. */
    private static String shown() {
        return Fingerprints.colons(pin());
    }

    private String newKey(String name) {
        return service.createApiKey(name).get("key").asText();
    }

    @Test
    void helpListsTheSeedsOptions() {
        Run run = run("-h");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("-s                  Save settings.  Requires -i and -a.",
                "-i <api host url>", "-a <api_key>", "-u                  trust self-signed certificates.",
                "-d                  debug logging", "-r                  refresh and display available certificates.",
                "-p                  print configuation.", "-h                  this message.", "--json");
    }

    @Test
    void helpIsTheSeedsTextWithTheSubcommandsAndPin() {
        assertThat(run("-h").out()).isEqualTo("""
                Usage: signing-manager [options]     (no options: open the window)
                       signing-manager agent [-d]  (serve the certificates to local tools until stopped)
                       signing-manager sign --cert <SHA1> [--timestamp-url URL] [--output FILE|FOLDER] [--force] [--json] FILE|BUNDLE...
                                                   (sign files and .app bundles; signing-manager sign -h says more)
                       signing-manager workflows [--json]  (list the Apple signing workflows this machine may fetch)
                       signing-manager fetch-signing-files --workflow NAME [--out DIR] [--json]
                                                   (write an Apple workflow's profiles, print its codesign/productsign commands)
                       signing-manager git-setup [--cert <SHA1>] [--global|--repo DIR] [--undo]
                                                   (git signs commits and tags through gpgsm; git-setup -h says more)
                       signing-manager completion  (print a bash completion script)

                -s                  Save settings.  Requires -i and -a. Optionally use -u and -d.
                -i <api host url>   Specify host for API signing operations.
                -a <api_key>        Specify api key for accessing signing manager service.
                -u                  trust self-signed certificates.
                --pin <sha256>      with -u: the SHA-256 of the service's TLS certificate, as -u shows it (for scripts).
                -d                  debug logging
                -r                  refresh and display available certificates.
                -p                  print configuation.
                -h                  this message.
                --json              print -p, -r and -s results as JSON, for scripts.

                Example:
                  signing-manager -s -i https://signingserver.local:3000 -a XYZ123 -u
                """);
        assertThat(run("--help").out()).isEqualTo(run("-h").out());
        assertThat(run("agent", "-h").out()).contains("Usage: signing-manager agent [-d]", "-d                  debug logging");
    }

    @Test
    void completionPrintsABashScriptForEveryCommandAndOption() {
        Run completion = run("completion");

        assertThat(completion.exitCode()).isZero();
        assertThat(completion.out()).startsWith("#!/usr/bin/env bash").contains("complete -F", "signing-manager",
                "--timestamp-url", "--force", "--pin", "agent", "sign", "workflows", "fetch-signing-files", "--workflow",
                "--out");
    }

    @Test
    void aWrongCommandLineExitsWithTwoAndSaysWhy() {
        assertThat(run("-x")).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("Unknown option -x");
        });
        assertThat(run("-s", "-i", url()).err()).contains("-s needs both -i <api host url> and -a <api_key>");
        assertThat(run("-i", url()).exitCode()).isEqualTo(2);
        assertThat(run("-s", "-i").err()).contains("-i needs a value");
        assertThat(run("-s", "-i", url(), "-i", url(), "-a", "key").err()).contains("-i is given more than once");
        assertThat(run("-s", "-i", url(), "-a", "key", "--pin", pin()).err()).contains("--pin goes with -u");
        assertThat(run("-s", "-i", url(), "-a", "key", "-u", "--pin", "12:34").err())
                .contains("--pin 12:34 is not a SHA-256 fingerprint");
        assertThat(run("sign", "--nope").err()).contains("Unknown option --nope", "Run signing-manager sign -h");
        assertThat(Files.exists(home.settingsFile())).isFalse();
    }

    @Test
    void signsHelpTellsOfBundles() {
        Run help = run("sign", "-h");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("FILE|BUNDLE...", "MACH-O|BUNDLE...", "A BUNDLE is a macOS bundle, a folder (Hello.app",
                "Hello.app gives Hello-signed.app", "for a bundle, its CFBundleIdentifier", "into its main executable");
    }

    @Test
    void beforeSetupPrintShowsNothingSetAndRefreshSaysHowToSetUp() {
        Run print = run("-p");
        assertThat(print.exitCode()).isZero();
        assertThat(print.out()).startsWith("api_host: \ntrust self signed: false\ndebug: false\nAPI key: Not set\n");

        Run refresh = run("-r");
        assertThat(refresh.exitCode()).isEqualTo(3);
        assertThat(refresh.err()).contains("not set up yet", "-s -i URL -a KEY");
    }

    @Test
    void saveRegistersThisMachineAndPrintShowsTheSettingsAsTheSeedDoes() throws Exception {
        String key = newKey("cli save");
        Run save = run("-s", "-i", url(), "-a", key, "-u", "--pin", pin());

        assertThat(save.exitCode()).as(save.err()).isZero();
        assertThat(save.out()).contains("Trusting the Signing Service's TLS certificate, SHA-256 " + shown());
        JsonNode clients = service.http.get("/api/v1/admin/clients", service.adminToken()).json();
        assertThat(clients.findValuesAsText("hostname")).contains("build-agent-7");

        Run print = run("-p");
        assertThat(print.out()).isEqualTo("api_host: " + url() + "\ntrust self signed: true\ndebug: false\nAPI key: Set\n"
                + "API key stored in: an owner-only file (" + home.secretsFile() + ")\n");
        assertThat(print.out() + Files.readString(home.settingsFile())).doesNotContain(key);
        assertThat(Files.getPosixFilePermissions(home.secretsFile())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void refreshListsEachCertificateWithItsSha1() {
        assertThat(run("-s", "-i", url(), "-a", newKey("cli refresh"), "-u", "--pin", pin()).exitCode()).isZero();

        Run refresh = run("-r");

        assertThat(refresh.exitCode()).isZero();
        assertThat(refresh.out().lines().toList()).containsExactly(ec.sha1() + "  Another Identity",
                rsa.sha1() + "  Team Code Signing");
    }

    @Test
    void jsonIsForScripts() throws Exception {
        Run save = run("-s", "-i", url(), "-a", newKey("cli json"), "-u", "--pin", pin(), "-d", "--json");
        assertThat(Json.mapper().readTree(save.out()).get("saved").asBoolean()).isTrue();

        JsonNode config = Json.mapper().readTree(run("-p", "--json").out());
        assertThat(config.get("apiHost").asText()).isEqualTo(url());
        assertThat(config.get("debug").asBoolean()).isTrue();
        assertThat(config.get("apiKey").asText()).isEqualTo("set");
        assertThat(config.get("pinnedSha256").asText()).isEqualTo(service.service.tlsSha256());

        JsonNode identities = Json.mapper().readTree(run("-r", "--json").out());
        assertThat(identities.findValuesAsText("sha1")).containsExactly(ec.sha1(), rsa.sha1());
        assertThat(identities.get(1).get("keyType").asText()).isEqualTo("RSA");
        assertThat(identities.get(1).get("keySize").asInt()).isEqualTo(2048);
    }

    @Test
    void aSelfSignedServiceIsRefusedWithoutMinusUAndItsFingerprintShown() {
        Run save = run("-s", "-i", url(), "-a", newKey("cli untrusted"));

        assertThat(save.exitCode()).isEqualTo(5);
        assertThat(save.err()).contains("is not trusted", service.service.tlsSha256(), "Trust Self Signed Certificates");
        assertThat(Files.exists(home.settingsFile())).isFalse();
    }

    @Test
    void minusUWithoutPinShowsTheCertificateAndSavesNothingWhenNobodyCanSayYes() {
        Run save = run("-s", "-i", url(), "-a", newKey("cli no pin"), "-u");

        assertThat(save.exitCode()).isEqualTo(5);
        assertThat(save.out()).contains("The Signing Service's TLS certificate has SHA-256 " + shown())
                .doesNotContain("Trusting");
        assertThat(save.err()).contains("is not trusted yet", "Nothing was saved", "--pin " + shown());
        assertThat(Files.exists(home.settingsFile())).isFalse();
    }

    @Test
    void aWrongPinIsRefusedAndNothingSaved() {
        String other = "AB".repeat(32);

        Run save = run("-s", "-i", url(), "-a", newKey("cli wrong pin"), "-u", "--pin", other);

        assertThat(save.exitCode()).isEqualTo(5);
        assertThat(save.err()).contains("shows a TLS certificate with SHA-256 " + shown(), "not the one given with --pin ("
                + Fingerprints.colons(other) + ")", "Nothing was saved");
        assertThat(Files.exists(home.settingsFile())).isFalse();
    }

    @Test
    void thePinMayBeTypedWithColonsInLowerCase() {
        String typed = String.join(":", pin().toLowerCase(java.util.Locale.ROOT).split("(?<=\\G..)"));

        Run save = run("-s", "-i", url(), "-a", newKey("cli colons"), "-u", "--pin", typed);

        assertThat(save.exitCode()).as(save.err()).isZero();
        assertThat(run("-p", "--json").out()).contains(pin());
    }

    @Test
    void atAConsoleMinusUAsksAndOnlyAYesTrusts() {
        List<String> asked = new java.util.ArrayList<>();
        Run no = run(question -> {
            asked.add(question);
            return java.util.Optional.of(false);
        }, "-s", "-i", url(), "-a", newKey("cli console no"), "-u");
        assertThat(no.exitCode()).isEqualTo(5);
        assertThat(no.err()).contains("was not trusted", "Nothing was saved");
        assertThat(asked).singleElement().asString().contains("Trust this certificate?");
        assertThat(Files.exists(home.settingsFile())).isFalse();

        Run yes = run(question -> java.util.Optional.of(true), "-s", "-i", url(), "-a", newKey("cli console yes"), "-u");
        assertThat(yes.exitCode()).as(yes.err()).isZero();
        assertThat(yes.out()).contains("Trusting the Signing Service's TLS certificate, SHA-256 " + shown());

        Run again = run(question -> {
            throw new AssertionError("asked again for a certificate already trusted: " + question);
        }, "-s", "-i", url(), "-a", newKey("cli console again"), "-u");
        assertThat(again.exitCode()).as("the window does not ask again either").isZero();
    }

    @Test
    void anUnknownOrInactiveApiKeyIsRefusedInWords() {
        Run unknown = run("-s", "-i", url(), "-a", "smk_not-a-real-key", "-u", "--pin", pin());
        assertThat(unknown.exitCode()).isEqualTo(6);
        assertThat(unknown.err()).contains("does not know this API key", "show value");

        JsonNode key = service.createApiKey("cli inactive key");
        service.http.patch("/api/v1/admin/api-keys/" + key.get("id").asText(), service.adminToken(), Map.of("active", false));
        Run inactive = run("-s", "-i", url(), "-a", key.get("key").asText(), "-u", "--pin", pin());
        assertThat(inactive.exitCode()).isEqualTo(6);
        assertThat(inactive.err()).contains("inactive", "Ask an admin");
        assertThat(Files.exists(home.settingsFile())).isFalse();
    }

    @Test
    void anInactiveClientCannotRefresh() throws Exception {
        assertThat(run("-s", "-i", url(), "-a", newKey("cli inactive client"), "-u", "--pin", pin()).exitCode()).isZero();
        String clientId = new SettingsStore(home.settingsFile()).load().clientId();
        service.http.patch("/api/v1/admin/clients/" + clientId, service.adminToken(), Map.of("active", false));

        Run refresh = run("-r");

        assertThat(refresh.exitCode()).isEqualTo(6);
        assertThat(refresh.err()).contains("inactive", "Clients page");
    }

    @Test
    void anUnreachableServiceIsSaidSo() {
        Run save = run("-s", "-i", "https://127.0.0.1:9", "-a", "any-key");

        assertThat(save.exitCode()).isEqualTo(4);
        assertThat(save.err()).contains("cannot be reached", "Check the URL");
    }

    @Test
    void theLogRecordsWhatHappenedButNeverASecret() throws Exception {
        String key = newKey("cli log");
        assertThat(run("-s", "-i", url(), "-a", key, "-u", "--pin", pin()).exitCode()).isZero();
        assertThat(run("-r").exitCode()).isZero();

        String log = Files.readString(home.logFile());
        assertThat(log).contains("Registered with " + url(), "Refreshed: 2 identities").doesNotContain(key);
        assertThat(log).doesNotContain(Files.readString(home.secretsFile()).replaceAll(".*\"client-token\":\"([^\"]+)\".*", "$1"));
    }

    @Test
    void aServicesErrorTextIsPrintedWithItsControlCharactersWrittenOut() throws Exception {
        // A service (or something posing as one) that answers with terminal escapes and a flood.
        HttpServer hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hostile.createContext("/", exchange -> {
            byte[] body = ("{\"error\":\"key_inactive\",\"message\":\"inactive\\u001b[2J\\u001b]0;owned\\u0007\\r\\n"
                    + "signing-manager: all fine" + "x".repeat(5_000) + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        hostile.start();
        try {
            Run save = run("-s", "-i", "http://127.0.0.1:" + hostile.getAddress().getPort(), "-a", "any-key");

            assertThat(save.exitCode()).isEqualTo(6);
            assertThat(save.err()).contains("inactive\\u001b[2J\\u001b]0;owned\\u0007\\u000d\\u000asigning-manager: all fine")
                    .doesNotContain("\u001b", "\u0007", "\r").hasSizeLessThan(1_000);
            assertThat(save.err().lines()).hasSize(2);
        } finally {
            hostile.stop(0);
        }
    }
}
