package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.TestService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Users pages in a real browser: add a user (refusals on the form, nothing stored), make them
 * admin, disable them (their sign-in then fails), reset their password, delete them after
 * confirming; your own account cannot be disabled or deleted. Each test adds the users it needs
 * under names of its own, so each runs alone.
 */
class UserPagesTest extends AdminPagesJourney {
    private static final String FIRST_PASSWORD = "a user's first password";
    private static final String RESET_PASSWORD = "a user's reset password";

    @Test
    void theUserListShowsTheSignedInAdmin() {
        browser.go("/users?q=admin");

        WebElement row = userRow("admin");
        assertThat(row.getText()).contains("you");
        assertThat(cells(row)).containsSubsequence("Yes", "Active", "No");
        browser.screenshots("users");
    }

    @Test
    void aDuplicateNameOrAShortPasswordIsSaidOnTheFormAndNothingIsStored() {
        String alice = "alice-" + tag();
        int before = apiUsers().size();
        browser.go("/users");
        browser.click(By.linkText("Add User"));
        browser.awaitPath("/users/new");
        browser.screenshots("users-new");

        browser.type(By.id("username"), "admin");
        browser.type(By.id("password"), FIRST_PASSWORD);
        browser.submit(By.cssSelector("form[action='/users'] button[type=submit]"));
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("A user named 'admin' already exists");
        assertThat(browser.find(By.id("username")).getAttribute("value")).isEqualTo("admin");
        assertThat(browser.find(By.id("password")).getAttribute("value")).isEmpty();
        browser.screenshots("users-new-error");

        // The browser checks the length too; without that check the service still refuses.
        browser.script().executeScript("document.getElementById('password').removeAttribute('minlength')");
        browser.type(By.id("username"), alice);
        browser.type(By.id("password"), "short");
        browser.submit(By.cssSelector("form[action='/users'] button[type=submit]"));
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("The password must have at least 12 characters");
        assertThat(browser.find(By.id("username")).getAttribute("value")).isEqualTo(alice);

        assertThat(apiUsers()).hasSize(before);
        assertThat(apiUser(alice)).isEmpty();
    }

    @Test
    void anAddedUserIsListedAndMustChangeTheirPassword() {
        String alice = "alice-" + tag();
        browser.go("/users/new");
        browser.type(By.id("username"), alice);
        browser.type(By.id("password"), FIRST_PASSWORD);
        assertThat(browser.find(By.id("admin")).isSelected()).isFalse();
        browser.submit(By.cssSelector("form[action='/users'] button[type=submit]"));

        browser.awaitPath("/users");
        assertThat(browser.text(By.cssSelector(".notice"))).startsWith("User " + alice + " added.");
        assertThat(cells(userRow(alice))).containsSubsequence("No", "Active", "Yes");
        JsonNode added = apiUser(alice).orElseThrow();
        assertThat(added.get("admin").asBoolean()).isFalse();
        assertThat(added.get("active").asBoolean()).isTrue();
        assertThat(added.get("mustChangePassword").asBoolean()).isTrue();
        JsonNode login = expect(login(alice, FIRST_PASSWORD), 200).json();
        assertThat(login.get("mustChangePassword").asBoolean()).isTrue();
        browser.screenshots("users-added");
    }

    @Test
    void anAdminMakesTheUserAnApplicationAdmin() {
        String alice = newUser();
        openUser(alice);
        browser.screenshots("user");
        assertThat(browser.text(By.id("is-admin"))).isEqualTo("No");

        browser.click(By.id("admin"));
        browser.submit(By.cssSelector("#settings button[type=submit]"));

        assertThat(browser.text(By.cssSelector(".notice"))).isEqualTo("Changes saved.");
        assertThat(browser.text(By.id("is-admin"))).isEqualTo("Yes");
        assertThat(apiUser(alice).orElseThrow().get("admin").asBoolean()).isTrue();
        browser.screenshots("user-saved");
    }

    @Test
    void aDisabledUserCannotSignIn() {
        String alice = newUser();
        toggleAndSave(alice, "active");

        assertThat(browser.text(By.id("is-active"))).isEqualTo("Disabled: cannot sign in");
        assertThat(browser.text(By.cssSelector(".heading .status"))).isEqualTo("Disabled");
        assertThat(apiUser(alice).orElseThrow().get("active").asBoolean()).isFalse();
        Http.Answer refused = login(alice, FIRST_PASSWORD);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("message").asText()).isEqualTo("This account is disabled; ask an admin");
        browser.go("/users?q=" + alice);
        assertThat(cells(userRow(alice))).contains("Disabled");

        try (Browser other = Browser.open(service.service.localUri())) {
            other.go("/login");
            other.type(By.id("username"), alice);
            other.type(By.id("password"), FIRST_PASSWORD);
            other.submit(By.cssSelector("form[action='/login'] button[type=submit]"));
            assertThat(other.text(By.cssSelector(".error"))).isEqualTo("This account is disabled; ask an admin");
            other.screenshots("login-disabled");
        }
    }

    @Test
    void aResetPasswordReplacesTheOldOneAndEndsTheUsersSessions() {
        String alice = newUser();
        openUser(alice);
        String aliceSession = expect(login(alice, FIRST_PASSWORD), 200).json().get("token").asText();

        browser.type(By.id("newPassword"), RESET_PASSWORD);
        browser.type(By.id("confirmPassword"), RESET_PASSWORD + " typo");
        browser.submit(By.cssSelector("#reset-password button[type=submit]"));
        assertThat(browser.text(By.id("password-error"))).isEqualTo("The two passwords differ. Type the same password twice.");
        assertThat(browser.find(By.id("newPassword")).getAttribute("value")).isEmpty();
        browser.screenshots("user-password-error");
        assertThat(login(alice, FIRST_PASSWORD).status()).as("nothing changed").isEqualTo(200);

        browser.type(By.id("newPassword"), RESET_PASSWORD);
        browser.type(By.id("confirmPassword"), RESET_PASSWORD);
        browser.submit(By.cssSelector("#reset-password button[type=submit]"));

        assertThat(browser.text(By.cssSelector(".notice"))).startsWith("Password reset. " + alice
                + " is signed out everywhere");
        assertThat(browser.text(By.id("must-change"))).isEqualTo("Yes, at the next sign-in");
        assertThat(login(alice, FIRST_PASSWORD).status()).isEqualTo(401);
        assertThat(expect(login(alice, RESET_PASSWORD), 200).json().get("mustChangePassword").asBoolean()).isTrue();
        assertThat(service.http.get("/api/v1/auth/me", aliceSession).status()).as("the old session ended").isEqualTo(401);
        browser.screenshots("user-password-reset");
    }

    @Test
    void youCannotDisableOrDeleteYourOwnAccount() {
        openUser("admin");
        assertThat(browser.text(By.id("yourself"))).isEqualTo(
                "This is the account you are signed in with: you cannot disable or delete it.");

        browser.click(By.id("active"));
        browser.submit(By.cssSelector("#settings button[type=submit]"));
        assertThat(browser.text(By.id("settings-error"))).isEqualTo("You cannot disable the account you are signed in with");
        browser.screenshots("user-self-error");

        browser.click(By.cssSelector("#delete button[type=submit]"));
        browser.driver().switchTo().alert().accept();
        assertThat(browser.text(By.id("delete-error"))).isEqualTo("You cannot delete the account you are signed in with");
        browser.screenshots("user-self-delete-error");
        JsonNode self = apiUser("admin").orElseThrow();
        assertThat(self.get("active").asBoolean()).isTrue();
        assertThat(self.get("admin").asBoolean()).isTrue();
    }

    @Test
    void deletingAUserAsksFirst() {
        String alice = newUser();
        openUser(alice);
        browser.click(By.cssSelector("#delete button[type=submit]"));
        assertThat(browser.driver().switchTo().alert().getText()).isEqualTo("Delete the user " + alice
                + "? This cannot be undone.");
        browser.driver().switchTo().alert().dismiss();
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo(alice);
        assertThat(apiUser(alice)).isPresent();

        browser.click(By.cssSelector("#delete button[type=submit]"));
        browser.driver().switchTo().alert().accept();
        browser.awaitPath("/users");
        assertThat(browser.text(By.cssSelector(".notice"))).isEqualTo("User " + alice + " deleted.");
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-user='" + alice + "']"))).isEmpty();
        assertThat(apiUser(alice)).isEmpty();
        assertThat(login(alice, FIRST_PASSWORD).status()).isEqualTo(401);
        browser.screenshots("users-deleted");
    }

    @Test
    void theLastActiveAdminKeepsTheAdminFlag() {
        // Only the signed-in admin may be an active admin here: other tests may have made more.
        for (JsonNode user : apiUsers()) {
            if (user.get("admin").asBoolean() && !user.get("username").asText().equals("admin")) {
                expect(service.http.patch("/api/v1/admin/users/" + user.get("id").asText(), service.adminToken(),
                        Map.of("admin", false)), 200);
            }
        }
        toggleAndSave("admin", "admin");

        assertThat(browser.text(By.id("settings-error"))).isEqualTo("This is the last active admin; make another user admin first");
        assertThat(apiUser("admin").orElseThrow().get("admin").asBoolean()).isTrue();
    }

    /** A new non-admin user, named for this test, who has not signed in yet. */
    private static String newUser() {
        String username = "alice-" + tag();
        expect(service.http.post("/api/v1/admin/users", service.adminToken(),
                Map.of("username", username, "password", FIRST_PASSWORD, "admin", false)), 201);
        return username;
    }

    private static Http.Answer login(String username, String password) {
        return service.http.post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
    }

    private static List<JsonNode> apiUsers() {
        return StreamSupport.stream(expect(service.http.get("/api/v1/admin/users", service.adminToken()), 200).json()
                .spliterator(), false).toList();
    }

    private static Optional<JsonNode> apiUser(String username) {
        return apiUsers().stream().filter(u -> u.get("username").asText().equals(username)).findFirst();
    }

    private static WebElement userRow(String username) {
        return browser.find(By.cssSelector("tr[data-user='" + username + "']"));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(td -> td.getText().trim()).toList();
    }

    private static void openUser(String username) {
        browser.go("/users?q=" + username);
        userRow(username).findElement(By.tagName("a")).click();
        browser.await(d -> browser.currentPath().matches("/users/[0-9a-f-]{36}"));
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo(username);
    }

    /** Ticks or clears one checkbox of the user's Role and status form and saves it. */
    private static void toggleAndSave(String username, String checkbox) {
        openUser(username);
        browser.click(By.id(checkbox));
        browser.submit(By.cssSelector("#settings button[type=submit]"));
    }
}
