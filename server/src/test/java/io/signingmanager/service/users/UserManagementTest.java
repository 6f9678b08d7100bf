package io.signingmanager.service.users;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserManagementTest {
    @RunningService
    private static TestService service;

    @Test
    void adminsCreateListEditAndDeleteUsers() {
        JsonNode created = create("dana", "dana's first password", true);
        String id = created.get("id").asText();
        assertThat(created.get("admin").asBoolean()).isTrue();
        assertThat(created.get("mustChangePassword").asBoolean()).isTrue();
        assertThat(created.has("passwordHash")).isFalse();

        assertThat(expect(service.http.get("/api/v1/admin/users", admin()), 200).json())
                .extracting(u -> u.get("username").asText()).contains("admin", "dana");
        JsonNode edited = expect(service.http.patch(path(id), admin(), Map.of("username", "dana.k", "admin", false)), 200).json();
        assertThat(edited.get("username").asText()).isEqualTo("dana.k");
        assertThat(edited.get("admin").asBoolean()).isFalse();
        assertThat(expect(service.http.get(path(id), admin()), 200).json().get("username").asText()).isEqualTo("dana.k");

        expect(service.http.delete(path(id), admin()), 204);
        assertThat(service.http.get(path(id), admin()).error()).isEqualTo("not_found");
    }

    @Test
    void aDisabledUserCannotSignInAndLosesTheSession() {
        String token = service.userToken("eve", false);
        String id = expect(service.http.get("/api/v1/auth/me", token), 200).json().get("id").asText();
        expect(service.http.patch(path(id), admin(), Map.of("active", false)), 200);
        assertThat(service.http.get("/api/v1/admin/certificates", token).error()).isEqualTo("unauthenticated");
        Http.Answer login = service.http.post("/api/v1/auth/login", null,
                Map.of("username", "eve", "password", TestService.USER_PASSWORD));
        assertThat(login.status()).isEqualTo(403);
        assertThat(login.json().get("message").asText()).contains("disabled");
        expect(service.http.patch(path(id), admin(), Map.of("active", true)), 200);
        assertThat(service.http.get("/api/v1/admin/certificates", token).error()).isEqualTo("unauthenticated");
        service.login("eve", TestService.USER_PASSWORD);
    }

    @Test
    void aDeletedUsersSessionsEndEvenWhenTheNameIsTakenAgain() {
        String token = service.userToken("mallory", false);
        String id = expect(service.http.get("/api/v1/auth/me", token), 200).json().get("id").asText();
        expect(service.http.delete(path(id), admin()), 204);
        assertThat(service.http.get("/api/v1/admin/certificates", token).error()).isEqualTo("unauthenticated");
        create("mallory", "mallory's second password", false);
        assertThat(service.http.get("/api/v1/auth/me", token).error()).isEqualTo("unauthenticated");
    }

    @Test
    void aResetPasswordEndsTheSessionsAndMustBeChangedAtNextSignIn() {
        String old = service.userToken("frank", false);
        String id = find("frank").get("id").asText();
        expect(service.http.post(path(id) + "/password", admin(), Map.of("password", "reset by the admin")), 200);
        assertThat(service.http.get("/api/v1/auth/me", old).error()).isEqualTo("unauthenticated");
        String token = service.login("frank", "reset by the admin");
        assertThat(service.http.get("/api/v1/admin/certificates", token).error()).isEqualTo("password_change_required");
        assertThat(service.http.post(path(id) + "/password", admin(), Map.of("password", "short")).status()).isEqualTo(400);
    }

    @Test
    void theLastActiveAdminStays() {
        String adminId = find("admin").get("id").asText();
        assertThat(service.http.patch(path(adminId), admin(), Map.of("admin", false)).error()).isEqualTo("conflict");
        assertThat(service.http.patch(path(adminId), admin(), Map.of("active", false)).error()).isEqualTo("conflict");
        assertThat(service.http.delete(path(adminId), admin()).error()).isEqualTo("conflict");
        assertThat(find("admin").get("admin").asBoolean()).isTrue();
    }

    @Test
    void anAdminCannotDisableTheirOwnAccount() {
        service.userToken("ivy", true);
        String ivy = service.login("ivy", TestService.USER_PASSWORD);
        String ivyId = find("ivy").get("id").asText();
        assertThat(service.http.patch(path(ivyId), ivy, Map.of("active", false)).error()).isEqualTo("conflict");
        assertThat(find("ivy").get("active").asBoolean()).isTrue();
        expect(service.http.delete(path(ivyId), admin()), 204);
    }

    @Test
    void namesAndPasswordsAreChecked() {
        create("grace", "grace's first password", false);
        Http.Answer duplicate = service.http.post("/api/v1/admin/users", admin(),
                Map.of("username", "grace", "password", "another good password"));
        assertThat(duplicate.error()).isEqualTo("conflict");
        assertThat(service.http.post("/api/v1/admin/users", admin(),
                Map.of("username", "bad name!", "password", "another good password")).status()).isEqualTo(400);
        assertThat(service.http.post("/api/v1/admin/users", admin(),
                Map.of("username", "henry", "password", "too short")).status()).isEqualTo(400);
        assertThat(service.http.post("/api/v1/admin/users", admin(),
                Map.of("username", "henry", "password", "change_password")).status()).isEqualTo(400);
        assertThat(find("henry")).isNull();
    }

    private static JsonNode create(String username, String password, boolean isAdmin) {
        return expect(service.http.post("/api/v1/admin/users", admin(),
                Map.of("username", username, "password", password, "admin", isAdmin)), 201).json();
    }

    private static JsonNode find(String username) {
        for (JsonNode user : expect(service.http.get("/api/v1/admin/users", admin()), 200).json()) {
            if (user.get("username").asText().equals(username)) {
                return user;
            }
        }
        return null;
    }

    private static String path(String id) {
        return "/api/v1/admin/users/" + id;
    }

    private static String admin() {
        return service.adminToken();
    }
}
