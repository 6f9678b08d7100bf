package io.signingmanager.service.http;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.json.Json;
import io.signingmanager.service.ServiceConfig;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request's address behind a proxy: {@code X-Forwarded-For} counts only from a configured proxy,
 * and then its right-most address that is not a proxy is the caller (in the audit and the sign-in
 * limits alike). The test's own connections come from 127.0.0.1.
 */
class TrustedProxiesTest {
    private static final String WRONG = "not the password";

    @Test
    void behindATrustedProxyCallersAreToldApartByTheirForwardedAddress() {
        try (TestService service = TestService.start(c -> c.withTrustedProxies(TrustedProxies.parse("127.0.0.1")))) {
            String admin = service.adminToken();
            for (int i = 0; i < 10; i++) {
                assertThat(login(service, "203.0.113.7", WRONG).status()).isIn(401, 429);
            }
            assertThat(login(service, "203.0.113.7", TestService.ADMIN_PASSWORD).error()).isEqualTo("account_locked");
            // What the caller wrote left of the last untrusted hop changes nothing.
            assertThat(login(service, "198.51.100.9, 203.0.113.7", TestService.ADMIN_PASSWORD).error())
                    .isEqualTo("account_locked");

            assertThat(login(service, "203.0.113.7, 198.51.100.9", TestService.ADMIN_PASSWORD).status()).isEqualTo(200);
            assertThat(login(service, "198.51.100.10, 127.0.0.1", TestService.ADMIN_PASSWORD).status()).isEqualTo(200);
            assertThat(login(service, "[2001:db8::5]:4711", TestService.ADMIN_PASSWORD).status()).isEqualTo(200);

            assertThat(loginAddresses(service, admin, "success"))
                    .contains("198.51.100.9", "198.51.100.10", "[2001:db8:0:0:0:0:0:5]");
            assertThat(loginAddresses(service, admin, "failure")).contains("203.0.113.7").doesNotContain("127.0.0.1");
        }
    }

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        try (TestService service = TestService.start(c -> c.withTrustedProxies(TrustedProxies.parse("127.0.0.2, 10.0.0.0/8")))) {
            String admin = service.adminToken();
            for (int i = 0; i < 10; i++) {
                // An attacker who writes a new address every time is still one address.
                assertThat(login(service, "203.0.113." + i, WRONG).status()).isIn(401, 429);
            }
            assertThat(login(service, "198.51.100.9", TestService.ADMIN_PASSWORD).error()).isEqualTo("account_locked");
            assertThat(loginAddresses(service, admin, "failure")).containsOnly("127.0.0.1");
        }
    }

    @Test
    void theSettingTakesAddressesAndRangesAndRefusesAnythingElseInWords() {
        ServiceConfig config = ServiceConfig.parse(new String[] {"--trusted-proxy", "10.0.0.0/8, 192.0.2.1,::1"}, Map.of());
        assertThat(config.trustedProxies().isEmpty()).isFalse();
        assertThat(ServiceConfig.parse(new String[0], Map.of("SIGNING_SERVICE_TRUSTED_PROXIES", "fd00::/8"))
                .trustedProxies().toString()).isEqualTo("fd00::/8");
        assertThat(ServiceConfig.parse(new String[0], Map.of()).trustedProxies().isEmpty()).isTrue();

        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--trusted-proxy", "proxy.example.com"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'proxy.example.com'");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--trusted-proxy", "10.0.0.0/33"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 32");
        assertThatThrownBy(() -> ServiceConfig.parse(new String[] {"--trusted-proxy", "256.1.1.1"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Http.Answer login(TestService service, String forwardedFor, String password) {
        try {
            byte[] body = Json.mapper().writeValueAsBytes(Map.of("username", "admin", "password", password));
            return service.http.send("POST", "/api/v1/auth/login", null, body, "application/json",
                    Map.of(TrustedProxies.HEADER, forwardedFor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> loginAddresses(TestService service, String admin, String status) {
        JsonNode records = expect(service.http.get("/api/v1/admin/audit?type=login&status=" + status, admin), 200)
                .json().get("records");
        List<String> addresses = new ArrayList<>();
        records.forEach(r -> addresses.add(r.get("remoteAddress").asText()));
        return addresses;
    }
}
