package io.signingmanager.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
    @Test
    void connectionsPerAddressAreCappedOverTlsAndNotBehindAProxyUnlessSet() {
        assertThat(ServiceConfig.parse(new String[0], Map.of()).connectionsPerAddress())
                .isEqualTo(ServiceConfig.DEFAULT_CONNECTIONS_PER_ADDRESS);
        assertThat(ServiceConfig.parse(new String[] {"--plain-http"}, Map.of()).connectionsPerAddress()).isZero();
        assertThat(ServiceConfig.parse(new String[] {"--plain-http", "--connections-per-address", "500"}, Map.of())
                .connectionsPerAddress()).isEqualTo(500);
        assertThat(ServiceConfig.parse(new String[0], Map.of("SIGNING_SERVICE_CONNECTIONS_PER_ADDRESS", "0"))
                .connectionsPerAddress()).isZero();
        assertThat(ServiceConfig.parse(new String[] {"--connections-per-address", "7"},
                Map.of("SIGNING_SERVICE_CONNECTIONS_PER_ADDRESS", "9")).connectionsPerAddress()).isEqualTo(7);
    }

    @Test
    void connectionsPerAddressMustBeAWholeNumber() {
        for (String bad : new String[] {"-1", "many", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--connections-per-address", bad}, Map.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connections per address").hasMessageContaining(bad);
        }
    }

    @Test
    void theAppStoreConnectUrlIsApplesUnlessSetAndHttpsUnlessOnThisMachine() {
        assertThat(ServiceConfig.parse(new String[0], Map.of()).appStoreConnectUrl())
                .hasToString("https://api.appstoreconnect.apple.com");
        for (String local : List.of("http://127.0.0.1:8080", "http://localhost:9/", "http://[::1]:8080")) {
            assertThat(ServiceConfig.parse(new String[0], Map.of("SIGNING_SERVICE_APPSTORE_CONNECT_URL", local))
                    .appStoreConnectUrl().toString()).as(local).isEqualTo(local.replaceAll("/$", ""));
        }
        assertThat(ServiceConfig.parse(new String[0], Map.of("SIGNING_SERVICE_APPSTORE_CONNECT_URL",
                "https://proxy.example.com/asc/")).appStoreConnectUrl()).hasToString("https://proxy.example.com/asc");
        for (String bad : List.of("http://proxy.example.com", "ftp://127.0.0.1", "https://", "not a url",
                "https://user@proxy.example.com", "https://proxy.example.com/?q=1")) {
            assertThatThrownBy(() -> ServiceConfig.parse(new String[0], Map.of("SIGNING_SERVICE_APPSTORE_CONNECT_URL", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("App Store Connect URL");
        }
    }

    @Test
    void aFlagWinsOverItsVariableWhichWinsOverTheDefault() {
        Map<String, String> env = Map.of("SIGNING_SERVICE_PORT", "4000", "SIGNING_SERVICE_DATA", "/srv/signing");
        assertThat(ServiceConfig.parse(new String[0], Map.of()).port()).isEqualTo(ServiceConfig.DEFAULT_PORT);
        assertThat(ServiceConfig.parse(new String[0], env).port()).isEqualTo(4000);
        assertThat(ServiceConfig.parse(new String[] {"--port", "5000"}, env).port()).isEqualTo(5000);
        assertThat(ServiceConfig.parse(new String[] {"--port", "5000"}, env).dataFolder()).isEqualTo(java.nio.file.Path.of("/srv/signing"));
    }

    @Test
    void aWrongCommandLineIsSaidInWords() {
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--prot", "1"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Unknown option --prot");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--port"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--port needs a value");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--port", "x"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("The port must be a number, got x");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--tls-cert", "a.pem"}, Map.of()))
                .hasMessage("--tls-cert and --tls-key go together");
    }

    @Test
    void theHelpListsEveryFlagWithItsTextAndTheEnvironment() {
        String usage = ServiceFlags.usage();
        for (String flag : new String[] {"--port N", "--data DIR", "--host ADDRESS", "--tls-cert PEM", "--tls-key PEM",
            "--tls-p12 FILE", "--license-issuer PEM", "--plain-http", "--database-url URL", "--trusted-proxy ADDRESS[,...]",
            "--connections-per-address N", "-h"}) {
            assertThat(usage).containsPattern("(?m)^" + java.util.regex.Pattern.quote(flag) + " +[a-z]");
        }
        assertThat(usage).startsWith("Usage: java -jar signing-service.jar").contains("SIGNING_SERVICE_CONNECTIONS_PER_ADDRESS",
                "license keygen|issue", "migrate --from DATA --to jdbc:postgresql://");
    }
}
