package io.signingmanager.service.auth;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.audit.AnonymousFailures;
import io.signingmanager.service.http.SessionCookie;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstSignInTest {
    @RunningService
    private TestService service;

    @Test
    void theDefaultPasswordMustBeChangedAndTheAgreementAcceptedBeforeAnythingElse() {
        Http.Answer login = expect(service.http.post("/api/v1/auth/login", null,
                Map.of("username", "admin", "password", "change_password")), 200);
        assertThat(login.json().get("mustChangePassword").asBoolean()).isTrue();
        assertThat(login.json().get("mustAcceptAgreement").asBoolean()).isTrue();
        String token = login.json().get("token").asText();

        assertThat(service.http.get("/api/v1/admin/certificates", token).error()).isEqualTo("password_change_required");
        assertThat(service.http.get("/api/v1/admin/users", token).error()).isEqualTo("password_change_required");
        assertThat(service.http.post("/api/v1/auth/agreement", token, null).error()).isEqualTo("password_change_required");

        assertThat(changePassword(token, "change_password", "change_password").json().get("message").asText())
                .contains("other than the default");
        assertThat(changePassword(token, "change_password", "short").json().get("message").asText())
                .contains("at least 12");
        assertThat(changePassword(token, "wrong current pw", "a good new password").json().get("message").asText())
                .contains("current password is wrong");
        expect(changePassword(token, "change_password", "a good new password"), 200);

        assertThat(service.http.get("/api/v1/admin/certificates", token).error()).isEqualTo("agreement_required");
        assertThat(expect(service.http.get("/api/v1/auth/agreement", token), 200).json().get("text").asText())
                .contains("User Agreement");
        expect(service.http.post("/api/v1/auth/agreement", token, null), 200);
        expect(service.http.get("/api/v1/admin/certificates", token), 200);

        assertThat(service.http.post("/api/v1/auth/login", null,
                Map.of("username", "admin", "password", "change_password")).status()).isEqualTo(401);
        String again = service.login("admin", "a good new password");
        assertThat(expect(service.http.get("/api/v1/auth/me", again), 200).json().get("mustAcceptAgreement").asBoolean()).isFalse();
    }

    @Test
    void theBrowserSessionIsAStrictHttpOnlyCookieAndChangesNeedTheCsrfToken() {
        service.adminToken();
        Http.Answer login = expect(service.http.post("/api/v1/auth/login", null,
                Map.of("username", "admin", "password", TestService.ADMIN_PASSWORD)), 200);
        String cookie = login.header("Set-Cookie");
        assertThat(cookie).startsWith(SessionCookie.NAME + "=").contains("HttpOnly", "Secure", "SameSite=Strict");
        String session = cookie.substring(0, cookie.indexOf(';'));
        String csrf = login.json().get("csrfToken").asText();

        Http.Answer read = service.http.send("GET", "/api/v1/admin/api-keys", null, null, null, Map.of("Cookie", session));
        assertThat(read.status()).isEqualTo(200);
        byte[] body = "{\"name\":\"from the browser\"}".getBytes();
        Http.Answer forged = service.http.send("POST", "/api/v1/admin/api-keys", null, body, "application/json",
                Map.of("Cookie", session));
        assertThat(forged.error()).isEqualTo("csrf_mismatch");
        Http.Answer genuine = service.http.send("POST", "/api/v1/admin/api-keys", null, body, "application/json",
                Map.of("Cookie", session, "X-CSRF-Token", csrf));
        assertThat(genuine.status()).isEqualTo(201);
    }

    @Test
    void logoutEndsTheSession() {
        String token = service.adminToken();
        expect(service.http.post("/api/v1/auth/logout", token, null), 204);
        assertThat(service.http.get("/api/v1/admin/certificates", token).error()).isEqualTo("unauthenticated");
    }

    @Test
    void aFloodOfSignInsRefusedWhileLockedLeavesAFewCompactRecordsThatCountTheRest() {
        String admin = service.adminToken();
        for (int i = 0; i < LoginThrottle.Limit.PAIR.maxFailures(); i++) {
            login("admin", "not the password");
        }
        int flood = 60;
        for (int i = 0; i < flood; i++) {
            assertThat(login("admin", "x".repeat(60)).status()).isEqualTo(429);
        }
        service.clock.advance(AnonymousFailures.WINDOW);
        login("admin", "x");

        var records = expect(service.http.get("/api/v1/admin/audit?type=login&status=failure&limit=1000", admin), 200)
                .json().get("records");
        List<String> locked = new ArrayList<>();
        records.forEach(r -> {
            if (r.get("reason").asText().startsWith("account_locked")) {
                locked.add(r.get("reason").asText());
                assertThat(r.path("username").isNull() || r.path("username").isMissingNode()).isTrue();
            }
        });
        assertThat(locked).hasSize(AnonymousFailures.RECORDS_PER_WINDOW + 1);
        assertThat(locked.get(0)).endsWith("; " + (flood - AnonymousFailures.RECORDS_PER_WINDOW)
                + " more refused calls from this address not recorded");
    }

    @Test
    void repeatedFailuresLockTheUserForAWhileAndAreAudited() {
        String admin = service.adminToken();
        for (int i = 0; i < LoginThrottle.Limit.PAIR.maxFailures(); i++) {
            assertThat(login("admin", "not the password").error()).isEqualTo("unauthenticated");
        }
        Http.Answer locked = login("admin", TestService.ADMIN_PASSWORD);
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.error()).isEqualTo("account_locked");
        assertThat(locked.json().get("message").asText()).contains("try again in");

        var records = expect(service.http.get("/api/v1/admin/audit?type=login&status=failure", admin), 200).json().get("records");
        assertThat(records).anySatisfy(r -> assertThat(r.get("reason").asText()).contains("now locked"));
        assertThat(records).anySatisfy(r -> assertThat(r.get("reason").asText()).contains("locked after repeated failures"));

        service.clock.advance(LoginThrottle.Limit.PAIR.lock().plusMinutes(1));
        assertThat(login("admin", TestService.ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void guessingTheCurrentPasswordWithASessionHasItsOwnLimit() {
        String token = service.adminToken();
        for (int i = 0; i < LoginThrottle.Limit.PASSWORD_CHANGE.maxFailures(); i++) {
            assertThat(changePassword(token, "a wrong guess " + i, "a new password 123").status()).isEqualTo(400);
        }
        assertThat(changePassword(token, TestService.ADMIN_PASSWORD, "a new password 123").error()).isEqualTo("account_locked");
        // The session's guesses are its own: they lock neither the name nor another session's sign-in.
        assertThat(login("admin", TestService.ADMIN_PASSWORD).status()).isEqualTo(200);
        service.clock.advance(LoginThrottle.Limit.PASSWORD_CHANGE.lock().plusMinutes(1));
        expect(changePassword(token, TestService.ADMIN_PASSWORD, "a new password 123"), 200);
    }

    @Test
    void anUnknownUserGetsTheSameAnswerAsAWrongPassword() {
        Http.Answer unknown = login("nobody", "whatever password");
        Http.Answer wrong = login("admin", "whatever password");
        assertThat(unknown.status()).isEqualTo(wrong.status()).isEqualTo(401);
        assertThat(unknown.text()).isEqualTo(wrong.text());
    }

    private Http.Answer login(String username, String password) {
        return service.http.post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
    }

    private Http.Answer changePassword(String token, String current, String next) {
        return service.http.post("/api/v1/auth/password", token, Map.of("currentPassword", current, "newPassword", next));
    }
}
