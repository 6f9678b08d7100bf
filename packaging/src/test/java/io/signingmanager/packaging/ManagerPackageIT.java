package io.signingmanager.packaging;

import static io.signingmanager.packaging.UnpackedPackage.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Signing Manager's Debian package, unpacked as dpkg would install it: its launcher and bundled
 * Java runtime register, list and sign a jar against a real Signing Service, and its PKCS#11 module
 * lists the certificate through the packaged agent.
 */
class ManagerPackageIT {
    private static final String P12_PASSWORD = "p12 password";
    /** jpackage's launcher: what the menu entry runs. */
    private static final String INSTALLED_COMMAND = "/opt/signing-manager/bin/signing-manager";
    /** What users and build scripts run: the runtime's java with the launcher's flags (the package's "command"). */
    private static final String USR_BIN_COMMAND = "/usr/bin/signing-manager";
    private static final String INSTALLED_MODULE = "/usr/lib/signing-manager/libsigningmanager-pkcs11.so";
    /** Debian's p11-kit-modules: one module that shows every module p11-kit knows. */
    private static final String P11_KIT_PROXY = "/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so";

    @TempDir
    static Path root;
    @TempDir
    Path home;
    @TempDir
    Path work;
    private static UnpackedPackage manager;
    private static TestService service;
    private static TestPki.TestIdentity identity;

    @BeforeAll
    static void unpackAndStartService() throws Exception {
        manager = UnpackedPackage.unpack("signing-manager", root);
        service = TestService.start();
        identity = TestPki.rsa(2048, "Packaged Code Signing");
        service.importP12(identity.p12(P12_PASSWORD), P12_PASSWORD);
    }

    @AfterAll
    static void stopService() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theControlFieldsNameThePackageAndWhatItNeeds() throws Exception {
        assertThat(manager.fields("Package", "Version", "Architecture", "Depends", "Recommends")).contains(
                "Package: signing-manager", "Version: 1.0.0~SNAPSHOT", "Architecture: amd64", "Depends: ", "libc6",
                "Recommends: libgtk-3-0");
    }

    @Test
    void itInstallsTheCommandTheModuleAndAMenuEntry() throws Exception {
        assertThat(Files.isExecutable(installed(INSTALLED_COMMAND))).isTrue();
        assertThat(Files.isExecutable(installed(USR_BIN_COMMAND))).isTrue();
        assertThat(Files.isSymbolicLink(installed(USR_BIN_COMMAND))).isFalse();
        assertThat(installed(INSTALLED_MODULE)).isRegularFile();
        assertThat(Files.isExecutable(installed("/opt/signing-manager/lib/runtime/bin/java"))).isTrue();
        // A short command (one sign) starts faster with the serial collector: no G1 threads and regions to set up.
        assertThat(Files.readString(installed("/opt/signing-manager/lib/app/signing-manager.cfg")))
                .contains("java-options=-XX:SharedArchiveFile=", "java-options=-XX:+UseSerialGC");
        String desktop = Files.readString(installed("/usr/share/applications/signing-manager.desktop"));
        assertThat(desktop).contains("Exec=" + INSTALLED_COMMAND, "Name=Signing Manager");
        String icon = desktop.lines().filter(l -> l.startsWith("Icon=")).findFirst().orElseThrow().substring(5);
        assertThat(installed(icon)).isRegularFile();
        ExternalTool.Run validate = run(Map.of(), "desktop-file-validate",
                installed("/usr/share/applications/signing-manager.desktop").toString());
        assertThat(validate.exit()).as(validate.stdout() + validate.stderr()).isZero();
        assertThat(validate.stdout() + validate.stderr()).isEmpty();
    }

    @Test
    void thePackagedCommandRegistersListsAndSignsAJar() throws Exception {
        ExternalTool.Run help = manager("-h");
        assertThat(help.exit()).isZero();
        assertThat(help.stdout()).contains("signing-manager sign --cert <SHA1>");
        Map<String, String> noDisplay = new HashMap<>(environment());
        noDisplay.put("DISPLAY", "");
        noDisplay.put("WAYLAND_DISPLAY", "");
        ExternalTool.Run window = run(noDisplay, installed(INSTALLED_COMMAND).toString());
        assertThat(window.exit()).isEqualTo(2);
        assertThat(window.stderr()).contains("there is no display");

        registerThisMachine();
        ExternalTool.Run list = manager("-r");
        assertThat(list.exit()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains(identity.sha1(), "Packaged Code Signing");

        Path jar = work.resolve("app.jar");
        writeJar(jar);
        ExternalTool.Run sign = manager("sign", "--cert", identity.sha1(), jar.toString());
        assertThat(sign.exit()).as(sign.stderr()).isZero();
        Path signed = work.resolve("app-signed.jar");
        assertThat(sign.stdout()).contains(signed + ": Java archive, signed by ", "CN=Packaged Code Signing");
        ExternalTool.Run verify = run(Map.of(), ExternalTool.jdkTool("jarsigner"), "-verify",
                signed.toString());
        assertThat(verify.stdout()).contains("jar verified.");
    }

    /**
     * A command line longer than a pipe hands over at once (jpackage's JDK 17 launcher crashed on it, JDK-8380085):
     * 1,000 long names, 80 KB, are all read and each refused for not existing, as one sign of 1,000 scripts would be.
     */
    @Test
    void aCommandLineOfOver64KiBReachesTheCommand() throws Exception {
        List<String> arguments = new ArrayList<>(List.of("sign", "--cert", identity.sha1(), "--output", work.toString()));
        String folder = work.resolve("x".repeat(60)).toString();
        for (int i = 1; i <= 1000; i++) {
            arguments.add(folder + "/script" + i + ".ps1");
        }
        assertThat(String.join(" ", arguments).length()).isGreaterThan(64 * 1024);
        ExternalTool.Run sign = manager(arguments.toArray(String[]::new));
        assertThat(sign.exit()).as(sign.stderr()).isEqualTo(7);
        assertThat(sign.stderr()).contains(folder + "/script1.ps1 does not exist or is not a file.");
    }

    @Test
    void thePackagedModuleListsTheCertificateThroughThePackagedAgent() throws Exception {
        registerThisMachine();
        Process agent = ExternalTool.builder(List.of(installed(INSTALLED_COMMAND).toString(), "agent"), environment())
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(),
                    StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("Signing Manager agent listening on ");

            ExternalTool.Run objects = run(environment(), "pkcs11-tool", "--module", installed(INSTALLED_MODULE).toString(),
                    "--list-objects", "--type", "cert");

            assertThat(objects.exit()).as(objects.stderr()).isZero();
            assertThat(objects.stdout()).contains("label:      Packaged Code Signing",
                    "ID:         " + identity.sha1().toLowerCase(Locale.ROOT));
        } finally {
            agent.destroy();
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * The package's p11-kit module file names the module, so that p11-kit-aware programs find the token without
     * a {@code --module} flag. p11-kit reads it here from a user's configuration, as it reads the package's from
     * /usr/share/p11-kit/modules, with the module path moved to a copy of the packaged module; p11-kit reads no
     * user configuration in a program running as root, so as root the programs run as nobody.
     */
    @Test
    void p11KitAwareProgramsFindTheTokenThroughThePackagesModuleFile() throws Exception {
        String moduleFile = Files.readString(installed("/usr/share/p11-kit/modules/signing-manager.module"));
        assertThat(moduleFile).contains("\nmodule: " + INSTALLED_MODULE + "\n");
        Path user = Files.createTempDirectory(Path.of("/tmp"), "p11-kit-user");
        try {
            Path module = Files.copy(installed(INSTALLED_MODULE), user.resolve("libsigningmanager-pkcs11.so"));
            Path modules = Files.createDirectories(user.resolve("config/pkcs11/modules"));
            Files.writeString(modules.resolve("signing-manager.module"),
                    moduleFile.replace(INSTALLED_MODULE, module.toString()));
            try (var walk = Files.walk(user)) {
                for (Path path : walk.toList()) {
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(
                            Files.isDirectory(path) || path.equals(module) ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
            Map<String, String> environment = Map.of("HOME", user.toString(), "XDG_CONFIG_HOME",
                    user.resolve("config").toString(), "SIGNING_MANAGER_AGENT_SOCKET", user.resolve("no-agent").toString());

            ExternalTool.Run listed = asUser(environment, "p11-kit", "list-modules");
            assertThat(listed.exit()).as(listed.stderr()).isZero();
            assertThat(listed.stdout()).contains("signing-manager: " + module, "token: Signing Manager");
            ExternalTool.Run tokens = asUser(environment, "p11tool", "--list-tokens");
            assertThat(tokens.stdout()).as(tokens.stderr()).contains("Label: Signing Manager");
            ExternalTool.Run proxied = asUser(environment, "pkcs11-tool", "--module", P11_KIT_PROXY, "--list-slots");
            assertThat(proxied.exit()).as(proxied.stderr()).isZero();
            assertThat(proxied.stdout()).contains("token label        : Signing Manager");
        } finally {
            try (var walk = Files.walk(user)) {
                walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The command as this user, or as nobody when this is root. */
    private static ExternalTool.Run asUser(Map<String, String> environment, String... command) throws Exception {
        List<String> line = new ArrayList<>();
        if ((int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0) {
            line.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        }
        line.addAll(List.of(command));
        return run(environment, line.toArray(String[]::new));
    }

    private void registerThisMachine() throws Exception {
        String key = service.createApiKey("packaged " + home.getFileName()).get("key").asText();
        ExternalTool.Run save = manager("-s", "-i", service.service.localUri().toString(), "-a", key, "-u",
                "--pin", service.service.tlsSha256());
        assertThat(save.exit()).as(save.stderr()).isZero();
    }

    private ExternalTool.Run manager(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(installed(USR_BIN_COMMAND).toString());
        command.addAll(List.of(arguments));
        return run(environment(), command.toArray(String[]::new));
    }

    /** The Signing Manager's state in this test's folder, its secrets in a file rather than a keyring. */
    private Map<String, String> environment() {
        return Map.of("SIGNING_MANAGER_HOME", home.toString(), "DBUS_SESSION_BUS_ADDRESS", "");
    }

    private static Path installed(String absolutePath) {
        return manager.installed(absolutePath);
    }

    private static void writeJar(Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("hello.txt"));
            out.write("hello from a packaged signing test\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
