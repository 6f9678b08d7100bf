package io.signingmanager.manager.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line inside a real D-Bus session with GNOME Keyring's Secret Service: the API key and
 * the client token go there, not to a file, and {@code -p} says so. Needs dbus-run-session,
 * gnome-keyring-daemon and secret-tool (scripts/test.sh installs them).
 */
class SecretServiceTest {
    @TempDir
    Path home;

    @Test
    void withASecretServiceRunningTheSecretsGoThereAndPrintSaysSo() throws Exception {
        try (TestService service = TestService.start()) {
            String key = service.createApiKey("secret service").get("key").asText();
            String manager = "java -cp '" + Paths.get(System.getProperty("java.class.path")).toAbsolutePath()
                    + "' " + "io.signingmanager.manager.Main";
            String script = "echo -n unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null\n"
                    + manager + " -s -i " + service.service.localUri() + " -a '" + key + "' -u --pin "
                    + service.service.tlsSha256() + " >/dev/null || exit 11\n"
                    + manager + " -p || exit 12\n"
                    + manager + " -r >/dev/null || exit 13\n"
                    + "echo \"lookup: $(secret-tool lookup service " + SecretServiceStore.SERVICE + " account api-key)\"\n";

            Result result = run(List.of("dbus-run-session", "--", "sh", "-c", script));

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("API key: Set", "API key stored in: the Secret Service (" + SecretServiceStore.SERVICE + ")",
                    "lookup: " + key);
            assertThat(home.resolve("secrets.json")).doesNotExist();
            assertThat(Files.readString(home.resolve("settings.json"))).doesNotContain(key);
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SIGNING_MANAGER_HOME", home.toString());
        builder.environment().remove("DBUS_SESSION_BUS_ADDRESS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The D-Bus session did not finish: " + output);
        }
        return new Result(process.exitValue(), output);
    }
}
