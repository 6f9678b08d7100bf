package io.signingmanager.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.signingmanager.service.testing.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Signing Service's OCI image: its configuration as a runtime reads it from the layout, its root
 * filesystem (no shell, no package manager, no JDK), and its entrypoint run as its user on a read-only root
 * with the data folder at its volume: it serves the first sign-in over TLS, its health command answers, and
 * it stops on SIGTERM.
 */
class ImageIT {
    private static final String APP = "/opt/signing-service";
    private static final String DATA = "/var/lib/signing-service";
    private static final String USER = "10001:10001";

    @TempDir
    static Path bundle;
    private static OciImage image;
    private static Path rootfs;

    @BeforeAll
    static void unpack() throws Exception {
        image = OciImage.read();
        rootfs = image.unpack(bundle);
    }

    @Test
    void itsConfigNamesItsUserEntrypointPortVolumeEnvironmentAndLabels() throws Exception {
        assertThat(image.settings().get("User").asText()).isEqualTo(USER);
        assertThat(image.entrypoint()).startsWith(APP + "/bin/java").endsWith("-jar", APP + "/signing-service.jar");
        assertThat(image.settings().get("Cmd")).isNull();
        assertThat(image.settings().get("ExposedPorts").has("3000/tcp")).isTrue();
        assertThat(image.volume()).isEqualTo(DATA);
        assertThat(image.settings().get("Volumes")).hasSize(1);
        assertThat(image.env()).contains("SIGNING_SERVICE_DATA=" + DATA);
        assertThat(image.settings().get("StopSignal").asText()).isEqualTo("SIGTERM");

        Map<String, String> labels = new ObjectMapper().convertValue(image.settings().get("Labels"), Map.class);
        assertThat(labels).containsEntry("org.opencontainers.image.version", image.tag)
                .containsEntry("org.opencontainers.image.title", "Signing Service")
                .containsKeys("org.opencontainers.image.source", "org.opencontainers.image.licenses");
        assertThat(labels.values()).allSatisfy(value -> assertThat(value).isNotBlank());
        assertThat(new ObjectMapper().readValue(labels.get("io.signingmanager.healthcheck"), List.class))
                .isEqualTo(health());
        assertThat(new ObjectMapper().convertValue(image.manifest.get("annotations"), Map.class))
                .as("the same as OCI annotations on the manifest").isEqualTo(labels);
        assertThat(image.config.get("os").asText()).isEqualTo("linux");
    }

    @Test
    void itsRootFilesystemHasTheServiceItsLibrariesAndNoShellPackageManagerOrJdk() throws Exception {
        for (String absent : List.of("bin/sh", "usr/bin/sh", "bin/bash", "bin/dash", "usr/bin/dpkg", "usr/bin/apt",
                "usr/bin/apt-get", APP.substring(1) + "/bin/javac", APP.substring(1) + "/jmods")) {
            assertThat(rootfs.resolve(absent)).as(absent).doesNotExist();
        }
        for (String present : List.of(APP.substring(1) + "/bin/java", APP.substring(1) + "/signing-service.jar",
                "lib64/ld-linux-x86-64.so.2", "lib/x86_64-linux-gnu/libc.so.6", "lib/x86_64-linux-gnu/libz.so.1",
                "etc/ssl/certs/ca-certificates.crt", "usr/share/zoneinfo/Europe/Berlin", "tmp",
                "usr/share/doc/libc6/copyright", "usr/share/doc/libstdc++6/copyright", APP.substring(1) + "/legal")) {
            assertThat(rootfs.resolve(present)).as(present).exists();
        }
        assertThat(rootfs.resolve("etc/passwd")).content().contains("signing-service:x:" + USER + ":");
        assertThat(rootfs.resolve("etc/group")).content().contains("signing-service:x:10001:");
        if (OciImage.isRoot()) {
            assertThat(Files.getAttribute(rootfs.resolve(DATA.substring(1)), "unix:uid")).isEqualTo(10001);
            assertThat(Files.getPosixFilePermissions(rootfs.resolve(DATA.substring(1))))
                    .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        }
        long unpacked;
        try (Stream<Path> files = Files.walk(rootfs)) {
            unpacked = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        System.out.printf("Signing Service image %s: %.1f MiB compressed (manifest's config and layers), "
                + "%.1f MiB unpacked%n", image.tag, image.compressedSize() / 1048576.0, unpacked / 1048576.0);
        assertThat(image.compressedSize()).isLessThan(80L << 20);
    }

    @Test
    void itsEntrypointServesTheFirstSignInOnAReadOnlyRootAnswersItsHealthCheckAndStopsOnSigterm(@TempDir Path work)
            throws Exception {
        assumeTrue(OciImage.isRoot(), "Mount namespaces, bind mounts and chroot --userspec need root (CI is root)");
        Path data = Files.createDirectory(work.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(data, "unix:uid", 10001);
        Files.setAttribute(data, "unix:gid", 10001);
        Map<String, String> env = Map.of("SIGNING_SERVICE_PORT", String.valueOf(freePort()),
                "SIGNING_SERVICE_HOST", "127.0.0.1");
        List<String> health = health();

        Process service = image.container(rootfs, data, env, image.entrypoint()).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(service.getInputStream(),
                StandardCharsets.UTF_8))) {
            Matcher listening = ServicePackageIT.awaitListening(out, log);
            Http http = new Http(URI.create("https://127.0.0.1:" + listening.group(1)),
                    listening.group(2).replace(":", ""));

            assertThat(http.get("/api/v1/version", null).json().get("name").asText()).isEqualTo("Signing Service");
            String token = http.post("/api/v1/auth/login", null, Map.of("username", "admin",
                    "password", "change_password")).json().get("token").asText();
            assertThat(http.post("/api/v1/auth/password", token, Map.of("currentPassword", "change_password",
                    "newPassword", "my long new password")).status()).isEqualTo(200);
            assertThat(Files.getAttribute(data.resolve("master.key"), "unix:uid")).isEqualTo(10001);

            Run check = runToEnd(image.container(rootfs, data, env, health));
            assertThat(check.exit).as(check.output).isZero();
            assertThat(check.output).contains("healthy: Signing Service " + image.tag);

            long asked = System.nanoTime();
            assertThat(service.toHandle().destroy()).isTrue();
            assertThat(service.waitFor(10, TimeUnit.SECONDS)).as("stopped within 10 s on SIGTERM").isTrue();
            System.out.printf("The image's service stopped %d ms after SIGTERM, exit status %d%n",
                    (System.nanoTime() - asked) / 1_000_000, service.exitValue());
            assertThat(service.exitValue()).isIn(0, 143);
            out.lines().forEach(line -> log.append(line).append('\n'));
            assertThat(log.toString()).contains("Signing Service stopped");

            Run stopped = runToEnd(image.container(rootfs, data, env, health));
            assertThat(stopped.exit).as(stopped.output).isEqualTo(1);
            assertThat(stopped.output).startsWith("unhealthy: https://127.0.0.1:");
        } finally {
            service.destroyForcibly();
        }
    }

    @Test
    void itsEntrypointMapsItsClassArchive(@TempDir Path data) throws Exception {
        assumeTrue(OciImage.isRoot(), "Mount namespaces, bind mounts and chroot --userspec need root (CI is root)");
        assertThat(image.entrypoint()).contains("-XX:SharedArchiveFile=" + APP + "/signing-service.jsa");
        assertThat(rootfs.resolve(APP.substring(1) + "/signing-service.jsa")).isRegularFile();
        // With -Xshare:on a JVM that cannot map the archive (another runtime, jar or jar mtime) refuses to start.
        List<String> strict = new ArrayList<>(image.entrypoint());
        strict.add(1, "-Xshare:on");
        strict.add("--help");
        Run help = runToEnd(image.container(rootfs, data, Map.of(), strict));
        assertThat(help.exit).as(help.output).isZero();
        assertThat(help.output).contains("Usage:");
    }

    /** The health check the label names: the entrypoint's own Java, flags and jar, with {@code health}. */
    private static List<String> health() {
        List<String> command = new ArrayList<>(image.entrypoint());
        command.add("health");
        return command;
    }

    private record Run(int exit, String output) {
    }

    private static Run runToEnd(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
