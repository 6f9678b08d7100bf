package io.signingmanager.service.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The container's health check against a real service: healthy when it answers, unhealthy in words when not. */
class HealthCommandTest {
    @RunningService
    private static TestService service;

    /** The service's data folder, where it keeps its self-signed certificate. */
    private static String data() {
        return service.data.resolve("data").toString();
    }

    @Test
    void aRunningServiceIsHealthyWithItsOwnCertificatePinned() {
        Result result = run(Map.of("SIGNING_SERVICE_PORT", String.valueOf(service.service.port()),
                "SIGNING_SERVICE_DATA", data()));
        assertThat(result.exit).as(result.err).isEqualTo(HealthCommand.HEALTHY);
        assertThat(result.out).startsWith("healthy: Signing Service ").contains("https://127.0.0.1:" + service.service.port());
    }

    @Test
    void aFlagWinsOverTheEnvironmentAsForTheService() {
        Result result = run(Map.of("SIGNING_SERVICE_PORT", "1"), "--port", String.valueOf(service.service.port()),
                "--data", data());
        assertThat(result.exit).as(result.err).isEqualTo(HealthCommand.HEALTHY);
    }

    @Test
    void nothingListeningIsUnhealthy() throws Exception {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }
        Result result = run(Map.of("SIGNING_SERVICE_DATA", data()), "--port", String.valueOf(freePort));
        assertThat(result.exit).isEqualTo(HealthCommand.UNHEALTHY);
        assertThat(result.err).startsWith("unhealthy: https://127.0.0.1:" + freePort);
    }

    @Test
    void anotherCertificateThanTheServedOneIsUnhealthy(@TempDir Path otherData) throws Exception {
        byte[] other = TestPki.ec("secp256r1", "localhost").chain().get(0).getEncoded();
        Files.writeString(otherData.resolve("tls-certificate.pem"), Certificates.pem(other));
        Result result = run(Map.of(), "--port", String.valueOf(service.service.port()), "--data", otherData.toString());
        assertThat(result.exit).isEqualTo(HealthCommand.UNHEALTHY);
        assertThat(result.err).contains("is not the trusted one");
    }

    @Test
    void beforeTheServiceMadeItsCertificateItIsUnhealthyAndMakesNone(@TempDir Path empty) {
        Result result = run(Map.of(), "--port", String.valueOf(service.service.port()), "--data", empty.toString());
        assertThat(result.exit).isEqualTo(HealthCommand.UNHEALTHY);
        assertThat(result.err).contains("the service has not started");
        assertThat(empty).isEmptyDirectory();
    }

    @Test
    void aWrongCommandLineIsRefusedInWords() {
        Result result = run(Map.of(), "--port", "many");
        assertThat(result.exit).isEqualTo(HealthCommand.USAGE);
        assertThat(result.err).contains("The port must be a number, got many");
    }

    @Test
    void wildcardAddressesAreAskedOnLoopback() {
        assertThat(HealthCommand.localAddress("0.0.0.0")).isEqualTo("127.0.0.1");
        assertThat(HealthCommand.localAddress("::")).isEqualTo("[::1]");
        assertThat(HealthCommand.localAddress("fd00::5")).isEqualTo("[fd00::5]");
        assertThat(HealthCommand.localAddress("10.0.0.5")).isEqualTo("10.0.0.5");
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = HealthCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {
    }
}
