package io.signingmanager.packaging;

import static io.signingmanager.packaging.UnpackedPackage.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.service.testing.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Signing Service's Debian package, unpacked as dpkg would install it: its launcher and bundled
 * Java runtime serve and stop cleanly; its systemd unit runs that launcher as the service's own user,
 * confined to its data folder; its maintainer scripts and settings file are in place.
 */
class ServicePackageIT {
    private static final String INSTALLED_COMMAND = "/opt/signing-service/bin/signing-service";
    private static final String UNIT = "/lib/systemd/system/signing-service.service";
    private static final String ARCHIVE = "/opt/signing-service/lib/signing-service.jsa";
    /**
     * sh -c script: the unpacked /opt/signing-service ($1) mounted where dpkg puts it, in a mount namespace of
     * its own, then its launcher run with JAVA_TOOL_OPTIONS $2 (none when empty) and the other arguments.
     */
    private static final String AT_OPT = """
            set -e
            mount -t tmpfs tmpfs /opt
            mkdir /opt/signing-service
            mount --bind "$1" /opt/signing-service
            [ -z "$2" ] || export JAVA_TOOL_OPTIONS="$2"
            shift 2
            exec /opt/signing-service/bin/signing-service "$@"
            """;
    private static final Pattern LISTENING =
            Pattern.compile("listening on https://127\\.0\\.0\\.1:(\\d+) .*TLS certificate SHA-256 ([0-9A-F:]+)");

    @TempDir
    static Path root;
    @TempDir
    static Path control;
    @TempDir
    Path data;
    private static UnpackedPackage service;

    @BeforeAll
    static void unpack() throws Exception {
        service = UnpackedPackage.unpack("signing-service", root);
        assertThat(run(Map.of(), "dpkg-deb", "--control", service.deb().toString(), control.toString()).exit())
                .isZero();
    }

    @Test
    void itDeclaresItsNeedsItsSettingsFileAndValidScripts() throws Exception {
        assertThat(service.fields("Package", "Version", "Depends", "Pre-Depends")).contains("Package: signing-service",
                "Version: 1.0.0~SNAPSHOT", "libc6", "Pre-Depends: adduser");
        assertThat(Files.readString(control.resolve("conffiles")).strip()).isEqualTo("/etc/default/signing-service");
        assertThat(service.installed("/etc/default/signing-service")).content()
                .contains("#SIGNING_SERVICE_PORT=3000", "#SIGNING_SERVICE_DATABASE_URL=");
        assertThat(Files.readSymbolicLink(service.installed("/usr/bin/signing-service")))
                .isEqualTo(Path.of(INSTALLED_COMMAND));
        for (String script : new String[] {"postinst", "prerm", "postrm"}) {
            assertThat(Files.isExecutable(control.resolve(script))).as(script).isTrue();
            ExternalTool.Run syntax = run(Map.of(), "sh", "-n", control.resolve(script).toString());
            assertThat(syntax.exit()).as(script + ": " + syntax.stderr()).isZero();
        }
        assertThat(control.resolve("postinst")).content()
                .contains("adduser --system --group", "install -d -m 0700 -o signing-service -g signing-service",
                        "-g signing-service /var/backups/signing-service");
    }

    @Test
    void theUnitRunsThePackagedServiceAsItsOwnUserConfinedToItsDataFolder() throws Exception {
        assertThat(service.installed(UNIT)).content().contains("User=signing-service",
                "ExecStart=" + INSTALLED_COMMAND + " --data /var/lib/signing-service", "ProtectSystem=strict",
                "ReadWritePaths=/var/lib/signing-service", "ReadWritePaths=-/var/backups/signing-service",
                "EnvironmentFile=-/etc/default/signing-service");
        assertThat(Files.isExecutable(service.installed(INSTALLED_COMMAND))).isTrue();

        ExternalTool.Run security = run(Map.of(), "systemd-analyze", "security", "--offline=true", "--root=" + root,
                "signing-service.service");

        assertThat(security.exit()).as(security.stderr()).isZero();
        Matcher exposure = Pattern.compile("Overall exposure level for signing-service.service: ([0-9.]+) ")
                .matcher(security.stdout());
        assertThat(exposure.find()).as(security.stdout()).isTrue();
        assertThat(Double.parseDouble(exposure.group(1))).as(security.stdout()).isLessThanOrEqualTo(3.5);
    }

    /**
     * Reads the service's log into {@code log} until it says where it listens: group 1 is the port, group 2
     * the TLS certificate's SHA-256.
     */
    static Matcher awaitListening(BufferedReader out, StringBuilder log) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            log.append(line).append('\n');
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                return listening;
            }
        }
        throw new AssertionError("The service ended without listening:\n" + log);
    }

    @Test
    void itsClassArchiveFitsItsRuntimeAndJarWhereDpkgPutsThemAndTheServiceAnswersWithIt() throws Exception {
        assumeTrue(OciImage.isRoot(), "Mounting the package at /opt/signing-service needs root (CI is root)");
        Path archive = service.installed(ARCHIVE);
        assertThat(archive).isRegularFile();
        // With -Xshare:on a JVM that cannot map the archive refuses to start; in place it maps it.
        ExternalTool.Run strict = run(Map.of(), "unshare", "--mount", "sh", "-c", AT_OPT,
                "sh", service.installed("/opt/signing-service").toString(), "-Xshare:on", "--help");
        assertThat(strict.exit()).as(strict.toString()).isZero();
        serve(List.of("unshare", "--mount", "sh", "-c", AT_OPT, "sh", service.installed("/opt/signing-service").toString(),
                "", "--data", data.toString()), ServicePackageIT::answersVersion);
    }

    @Test
    void thePackagedServiceStartsWithAStaleOrWithoutItsClassArchive() throws Exception {
        List<String> command = List.of(service.installed(INSTALLED_COMMAND).toString(), "--data", data.toString());
        // Unpacked elsewhere than /opt the jar is not where the archive was made: stale, refused by -Xshare:on.
        ExternalTool.Run strict = run(Map.of("JAVA_TOOL_OPTIONS", "-Xshare:on"), command.get(0), "--help");
        assertThat(strict.exit()).as(strict.toString()).isNotZero();
        serve(command, ServicePackageIT::answersVersion);
        Path archive = service.installed(ARCHIVE);
        Path aside = Files.move(archive, archive.resolveSibling("aside.jsa"));
        try {
            serve(command, ServicePackageIT::answersVersion);
        } finally {
            Files.move(aside, archive);
        }
    }

    /** What a test asks the started service, over HTTPS. */
    @FunctionalInterface
    private interface Visit {
        void ask(Http http) throws Exception;
    }

    /** The service's own answer to {@code GET /api/v1/version}. */
    private static void answersVersion(Http http) throws Exception {
        assertThat(http.get("/api/v1/version", null).json().get("name").asText()).isEqualTo("Signing Service");
    }

    /**
     * Starts the service with {@code command} on a free loopback port, lets {@code visit} ask it, stops it with
     * SIGTERM and answers its whole log.
     */
    private static String serve(List<String> command, Visit visit) throws Exception {
        List<String> line = new ArrayList<>(command);
        line.addAll(List.of("--port", "0", "--host", "127.0.0.1"));
        Process process = ExternalTool.builder(line, Map.of()).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            Matcher listening = awaitListening(out, log);
            visit.ask(new Http(URI.create("https://127.0.0.1:" + listening.group(1)),
                    listening.group(2).replace(":", "")));
            // SIGTERM through the handle: Process.destroy() would also close the output still to be read.
            assertThat(process.toHandle().destroy()).isTrue();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            out.lines().forEach(more -> log.append(more).append('\n'));
            return log.toString();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void thePackagedServiceServesItsFirstSignInAndStopsOnSigterm() throws Exception {
        String log = serve(List.of(service.installed(INSTALLED_COMMAND).toString(), "--data", data.toString()), http -> {
            answersVersion(http);
            assertThat(http.post("/api/v1/auth/login", null, Map.of("username", "admin", "password", "change_password"))
                    .json().get("mustChangePassword").asBoolean()).isTrue();
            assertThat(Files.getPosixFilePermissions(data.resolve("master.key")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        });
        assertThat(log).contains("Signing Service stopped");
    }
}
