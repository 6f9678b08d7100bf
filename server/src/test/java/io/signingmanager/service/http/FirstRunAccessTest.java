package io.signingmanager.service.http;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.OtherMachine;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first run: while {@code admin} / {@code change_password} still works, the service answers only
 * callers on its own machine, whatever address it listens on. The test service listens on 0.0.0.0;
 * "another machine" is this machine through one of its own addresses that is not loopback, which the
 * service sees as the connection's address.
 */
class FirstRunAccessTest {
    private static final String DEFAULT_PASSWORD = "change_password";
    private static InetAddress outside;

    @RunningService
    private TestService service;

    @BeforeAll
    static void findAnAddressThatIsNotLoopback() {
        outside = OtherMachine.address();
    }

    @Test
    void anotherMachineIsRefusedSayingWhyUntilTheInitialPasswordIsChanged() {
        Http.Answer refused = fromOutside().get("/api/v1/version", null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("first_run_local_only");
        assertThat(refused.json().get("message").asText())
                .contains("admin", "the machine it runs on", "localhost", "ssh -L");
        // Not even the sign-in: the default password must not be usable from afar.
        assertThat(fromOutside().post("/api/v1/auth/login", null,
                Map.of("username", "admin", "password", DEFAULT_PASSWORD)).error()).isEqualTo("first_run_local_only");

        Http.Answer page = fromOutside().get("/login", null);
        assertThat(page.status()).isEqualTo(403);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("Not open to other machines yet", "the machine it runs on")
                .doesNotContain(DEFAULT_PASSWORD);
        assertThat(fromOutside().get("/static/style.css", null).status()).as("the refusal page's stylesheet").isEqualTo(200);

        expect(service.http.get("/api/v1/version", null), 200);
        String token = service.login("admin", DEFAULT_PASSWORD);
        assertThat(fromOutside().get("/api/v1/version", null).status()).as("a sign-in alone opens nothing").isEqualTo(403);
        expect(service.http.post("/api/v1/auth/password", token,
                Map.of("currentPassword", DEFAULT_PASSWORD, "newPassword", TestService.ADMIN_PASSWORD)), 200);

        expect(fromOutside().get("/api/v1/version", null), 200);
        assertThat(fromOutside().get("/login", null).status()).isEqualTo(200);
        String remote = expect(fromOutside().post("/api/v1/auth/login", null,
                Map.of("username", "admin", "password", TestService.ADMIN_PASSWORD)), 200).json().get("token").asText();
        expect(fromOutside().post("/api/v1/auth/agreement", remote, null), 200);
        expect(service.http.get("/api/v1/version", null), 200);
    }

    @Test
    void aForwardedForHeaderNeitherOpensNorBypassesTheFirstRun() {
        // Written by the caller, the header changes nothing: the connection's own address counts.
        Http.Answer forged = fromOutside().send("GET", "/api/v1/version", null, null, null,
                Map.of(TrustedProxies.HEADER, "127.0.0.1"));
        assertThat(forged.error()).isEqualTo("first_run_local_only");
        // Through a proxy on this machine that the service trusts, the caller it names is the one that counts.
        try (TestService proxied = TestService.start(c -> c.withTrustedProxies(TrustedProxies.parse("127.0.0.1")))) {
            Http.Answer forwarded = proxied.http.send("GET", "/api/v1/version", null, null, null,
                    Map.of(TrustedProxies.HEADER, "203.0.113.7"));
            assertThat(forwarded.error()).isEqualTo("first_run_local_only");
            expect(proxied.http.send("GET", "/api/v1/version", null, null, null,
                    Map.of(TrustedProxies.HEADER, "127.0.0.1")), 200);
        }
    }

    private Http fromOutside() {
        return OtherMachine.http(service, outside);
    }
}
