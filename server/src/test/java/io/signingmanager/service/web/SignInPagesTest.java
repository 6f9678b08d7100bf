package io.signingmanager.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sign-in form over plain HTTP (no browser needed): where it sends a visitor afterwards, and
 * what it refuses. The form's CSRF token is a double submit, so any value sent as both cookie and
 * field passes.
 */
class SignInPagesTest {
    private static final String USER = "returning";

    @RunningService
    private static TestService service;

    @BeforeAll
    static void start() {
        service.userToken(USER, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "//evil.example",
            "/\\evil.example", "\\/evil.example", "https://evil.example/", "javascript:alert(1)", " /certificates",
            "/\u00a0/evil.example", "/certificates#\t", "evil.example"})
    void aNextThatIsNotAPlainLocalPathLeadsHome(String next) {
        Http.Answer form = service.http.get("/login?next=" + encode(next), null);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.text()).contains("name=\"next\" value=\"/\"");

        Http.Answer signedIn = signIn(USER, next);
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/");
    }

    @Test
    void aPlainLocalNextIsFollowed() {
        String next = "/audit?from=2026-01-01T00:00:00Z&type=sign";

        assertThat(service.http.get("/login?next=" + encode(next), null).text())
                .contains("name=\"next\" value=\"/audit?from=2026-01-01T00:00:00Z&amp;type=sign\"");
        assertThat(signIn(USER, next).header("Location")).isEqualTo(next);
    }

    @Test
    void aSignInFormHoldingANulIsRefusedInWords() {
        Http.Answer answer = signIn("return\u0000ing", "/");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.text()).contains("Form field 'username' contains a NUL character");
        assertThat(answer.header("Set-Cookie")).isNull();
    }

    private static Http.Answer signIn(String username, String next) {
        String form = "username=" + encode(username) + "&password=" + encode(TestService.USER_PASSWORD) + "&next="
                + encode(next) + "&" + PageDialect.CSRF_FIELD + "=double-submit";
        return service.http.send("POST", SignInPages.LOGIN, null, form.getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", Map.of("Cookie", "signing_login=double-submit"));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
