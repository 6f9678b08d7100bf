package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.license.IssuerKeys;
import io.signingmanager.service.license.License;
import io.signingmanager.service.license.LicenseCodec;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.LicenseFiles;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The Users and License pages in a real browser. Users: add one (refusals on the form, nothing
 * stored), make them admin, disable them (their sign-in then fails), reset their password, delete
 * them after confirming; your own account cannot be disabled or deleted. License: refused files
 * say why and change nothing; a valid one shows what it grants and sets the audit retention.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UserAndLicensePagesTest {
    private static final String ALICE_PASSWORD = "alice's first password";
    private static final String ALICE_RESET = "alice's reset password";
    private static final Instant EXPIRES = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.DAYS);
    @TempDir
    static Path files;
    private static KeyPair issuer;
    @RunningService(licenseIssuer = true)
    private static TestService service;
    private static Browser browser;
    private static String admin;

    @BeforeAll
    static void start() {
        issuer = service.licenseIssuer;
        admin = service.adminToken();
        browser = Browser.signedIn(service, "admin", TestService.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        Browser.closeChecked(browser);
    }

    // --- Users

    @Test
    @Order(1)
    void theUserListShowsTheSignedInAdmin() {
        browser.go("/users");

        WebElement row = userRow("admin");
        assertThat(row.getText()).contains("you");
        assertThat(cells(row)).containsSubsequence("Yes", "Active", "No");
        browser.screenshots("users");
    }

    @Test
    @Order(2)
    void aDuplicateNameOrAShortPasswordIsSaidOnTheFormAndNothingIsStored() {
        browser.go("/users");
        browser.click(By.linkText("Add User"));
        browser.awaitPath("/users/new");
        browser.screenshots("users-new");

        browser.type(By.id("username"), "admin");
        browser.type(By.id("password"), ALICE_PASSWORD);
        browser.submit(By.cssSelector("form[action='/users'] button[type=submit]"));
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("A user named 'admin' already exists");
        assertThat(browser.find(By.id("username")).getAttribute("value")).isEqualTo("admin");
        assertThat(browser.find(By.id("password")).getAttribute("value")).isEmpty();
        browser.screenshots("users-new-error");

        // The browser checks the length too; without that check the service still refuses.
        browser.script().executeScript("document.getElementById('password').removeAttribute('minlength')");
        browser.type(By.id("username"), "alice");
        browser.type(By.id("password"), "short");
        browser.submit(By.cssSelector("form[action='/users'] button[type=submit]"));
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("The password must have at least 12 characters");
        assertThat(browser.find(By.id("username")).getAttribute("value")).isEqualTo("alice");

        assertThat(apiUsers()).extracting(u -> u.get("username").asText()).containsExactly("admin");
    }

    @Test
    @Order(3)
    void anAddedUserIsListedAndMustChangeTheirPassword() {
        browser.go("/users/new");
        browser.type(By.id("username"), "alice");
        browser.type(By.id("password"), ALICE_PASSWORD);
        assertThat(browser.find(By.id("admin")).isSelected()).isFalse();
        browser.submit(By.cssSelector("form[action='/users'] button[type=submit]"));

        browser.awaitPath("/users");
        assertThat(browser.text(By.cssSelector(".notice"))).startsWith("User alice added.");
        assertThat(cells(userRow("alice"))).containsSubsequence("No", "Active", "Yes");
        JsonNode alice = apiUser("alice").orElseThrow();
        assertThat(alice.get("admin").asBoolean()).isFalse();
        assertThat(alice.get("active").asBoolean()).isTrue();
        assertThat(alice.get("mustChangePassword").asBoolean()).isTrue();
        JsonNode login = expect(login("alice", ALICE_PASSWORD), 200).json();
        assertThat(login.get("mustChangePassword").asBoolean()).isTrue();
        browser.screenshots("users-added");
    }

    @Test
    @Order(4)
    void anAdminMakesTheUserAnApplicationAdmin() {
        openUser("alice");
        browser.screenshots("user");
        assertThat(browser.text(By.id("is-admin"))).isEqualTo("No");

        browser.click(By.id("admin"));
        browser.submit(By.cssSelector("#settings button[type=submit]"));

        assertThat(browser.text(By.cssSelector(".notice"))).isEqualTo("Changes saved.");
        assertThat(browser.text(By.id("is-admin"))).isEqualTo("Yes");
        assertThat(apiUser("alice").orElseThrow().get("admin").asBoolean()).isTrue();
        browser.screenshots("user-saved");
    }

    @Test
    @Order(5)
    void aDisabledUserCannotSignIn() {
        toggleAndSave("alice", "active");

        assertThat(browser.text(By.id("is-active"))).isEqualTo("Disabled: cannot sign in");
        assertThat(browser.text(By.cssSelector(".heading .status"))).isEqualTo("Disabled");
        assertThat(apiUser("alice").orElseThrow().get("active").asBoolean()).isFalse();
        Http.Answer refused = login("alice", ALICE_PASSWORD);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("message").asText()).isEqualTo("This account is disabled; ask an admin");
        browser.go("/users");
        assertThat(cells(userRow("alice"))).contains("Disabled");

        browser.submit(By.xpath("//button[text()='Sign out']"));
        browser.awaitPath("/login");
        browser.type(By.id("username"), "alice");
        browser.type(By.id("password"), ALICE_PASSWORD);
        browser.submit(By.cssSelector("form[action='/login'] button[type=submit]"));
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("This account is disabled; ask an admin");
        browser.screenshots("login-disabled");
        browser.signIn("admin", TestService.ADMIN_PASSWORD);
    }

    @Test
    @Order(6)
    void aResetPasswordReplacesTheOldOneAndEndsTheUsersSessions() {
        toggleAndSave("alice", "active");
        assertThat(browser.text(By.id("is-active"))).isEqualTo("Active: may sign in");
        String aliceSession = expect(login("alice", ALICE_PASSWORD), 200).json().get("token").asText();

        browser.type(By.id("newPassword"), ALICE_RESET);
        browser.type(By.id("confirmPassword"), ALICE_RESET + " typo");
        browser.submit(By.cssSelector("#reset-password button[type=submit]"));
        assertThat(browser.text(By.id("password-error"))).isEqualTo("The two passwords differ. Type the same password twice.");
        assertThat(browser.find(By.id("newPassword")).getAttribute("value")).isEmpty();
        browser.screenshots("user-password-error");
        assertThat(login("alice", ALICE_PASSWORD).status()).as("nothing changed").isEqualTo(200);

        browser.type(By.id("newPassword"), ALICE_RESET);
        browser.type(By.id("confirmPassword"), ALICE_RESET);
        browser.submit(By.cssSelector("#reset-password button[type=submit]"));

        assertThat(browser.text(By.cssSelector(".notice"))).startsWith("Password reset. alice is signed out everywhere");
        assertThat(browser.text(By.id("must-change"))).isEqualTo("Yes, at the next sign-in");
        assertThat(login("alice", ALICE_PASSWORD).status()).isEqualTo(401);
        assertThat(expect(login("alice", ALICE_RESET), 200).json().get("mustChangePassword").asBoolean()).isTrue();
        assertThat(service.http.get("/api/v1/auth/me", aliceSession).status()).as("the old session ended").isEqualTo(401);
        browser.screenshots("user-password-reset");
    }

    @Test
    @Order(7)
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
    @Order(8)
    void deletingAUserAsksFirst() {
        openUser("alice");
        browser.click(By.cssSelector("#delete button[type=submit]"));
        assertThat(browser.driver().switchTo().alert().getText()).isEqualTo("Delete the user alice? This cannot be undone.");
        browser.driver().switchTo().alert().dismiss();
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("alice");
        assertThat(apiUser("alice")).isPresent();

        browser.click(By.cssSelector("#delete button[type=submit]"));
        browser.driver().switchTo().alert().accept();
        browser.awaitPath("/users");
        assertThat(browser.text(By.cssSelector(".notice"))).isEqualTo("User alice deleted.");
        assertThat(browser.driver().findElements(By.cssSelector("tr[data-user='alice']"))).isEmpty();
        assertThat(apiUser("alice")).isEmpty();
        assertThat(login("alice", ALICE_RESET).status()).isEqualTo(401);
        browser.screenshots("users-deleted");
    }

    @Test
    @Order(9)
    void theLastActiveAdminKeepsTheAdminFlag() {
        toggleAndSave("admin", "admin");

        assertThat(browser.text(By.id("settings-error"))).isEqualTo("This is the last active admin; make another user admin first");
        assertThat(apiUser("admin").orElseThrow().get("admin").asBoolean()).isTrue();
    }

    // --- License

    @Test
    @Order(20)
    void withoutALicenseRecordsAreKeptNinetyDays() {
        browser.go("/license");

        assertUnlicensed();
        assertThat(browser.driver().findElements(By.id("remove"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("no-issuer"))).isEmpty();
        browser.screenshots("license-none");
    }

    @Test
    @Order(21)
    void forgedAlteredExpiredAndMalformedLicensesAreRefusedInWords() throws Exception {
        KeyPair otherIssuer = IssuerKeys.generate();
        byte[] forged = LicenseCodec.issue(license("ACME", EXPIRES, 400), otherIssuer.getPrivate());
        byte[] expired = LicenseCodec.issue(license("ACME", Instant.now().minus(Duration.ofDays(2)), 400),
                issuer.getPrivate());
        byte[] altered = LicenseFiles.alterRetention(LicenseCodec.issue(license("ACME", EXPIRES, 400), issuer.getPrivate()), 4000);

        upload(forged);
        assertThat(browser.text(By.id("upload-error")))
                .isEqualTo("The license is not signed by the configured license issuer; it may have been altered");
        assertThat(browser.text(By.id("no-license"))).isEqualTo("No license: audit records are kept for 90 days.");
        browser.screenshots("license-forged");

        upload(altered);
        assertThat(browser.text(By.id("upload-error"))).contains("not signed by the configured license issuer");
        upload(expired);
        assertThat(browser.text(By.id("upload-error"))).startsWith("The license expired on ");
        upload("this is not a license".getBytes(StandardCharsets.UTF_8));
        assertThat(browser.text(By.id("upload-error"))).isEqualTo("This is not a license file");
        assertUnlicensed();
    }

    @Test
    @Order(22)
    void aValidLicenseShowsItsLicenseeExpiryAndRetentionAndSetsTheRetention() throws Exception {
        upload(LicenseCodec.issue(license("ACME", EXPIRES, 400), issuer.getPrivate()));

        browser.awaitPath("/license");
        assertThat(browser.text(By.cssSelector(".notice"))).isEqualTo("License uploaded.");
        assertThat(browser.text(By.id("licensee"))).isEqualTo("ACME");
        assertThat(browser.text(By.id("expires"))).isEqualTo(TimeText.time(EXPIRES));
        assertThat(browser.text(By.id("retention"))).isEqualTo("400 days");
        assertThat(apiLicense().get("license").get("licensee").asText()).isEqualTo("ACME");
        assertThat(retentionDays()).isEqualTo(400);
        browser.screenshots("license");

        browser.go("/audit/manage");
        assertThat(browser.text(By.id("retention")))
                .isEqualTo("Records older than 400 days are purged as new records are written.");
        assertThat(browser.text(By.cssSelector("main"))).contains("The subscription license sets this");
    }

    @Test
    @Order(23)
    void aForgedLicenseLeavesTheValidOneInPlace() throws Exception {
        upload(LicenseCodec.issue(license("Mallory", EXPIRES, 4000), IssuerKeys.generate().getPrivate()));

        assertThat(browser.text(By.id("upload-error"))).contains("not signed by the configured license issuer");
        assertThat(browser.text(By.id("licensee"))).isEqualTo("ACME");
        assertThat(apiLicense().get("license").get("licensee").asText()).isEqualTo("ACME");
        assertThat(retentionDays()).isEqualTo(400);
        browser.screenshots("license-refused");
    }

    @Test
    @Order(24)
    void removingTheLicenseAsksFirstAndReturnsToNinetyDays() {
        browser.go("/license");
        browser.click(By.cssSelector("#remove button[type=submit]"));
        assertThat(browser.driver().switchTo().alert().getText()).startsWith("Remove the license?");
        browser.driver().switchTo().alert().dismiss();
        assertThat(apiLicense().get("licensed").asBoolean()).isTrue();

        browser.click(By.cssSelector("#remove button[type=submit]"));
        browser.driver().switchTo().alert().accept();
        browser.await(d -> d.getCurrentUrl().contains("done=removed"));
        assertThat(browser.text(By.cssSelector(".notice"))).isEqualTo("License removed.");
        assertUnlicensed();
        browser.screenshots("license-removed");
    }

    @Test
    @Order(25)
    void aStoredLicenseThatExpiredSaysSoAndCanBeRemoved() throws Exception {
        upload(LicenseCodec.issue(license("Brief Ltd", Instant.now().plus(Duration.ofDays(10)).truncatedTo(ChronoUnit.DAYS),
                200), issuer.getPrivate()));
        assertThat(browser.text(By.id("licensee"))).isEqualTo("Brief Ltd");

        service.clock.advance(Duration.ofDays(11));
        browser.signIn("admin", TestService.ADMIN_PASSWORD);
        browser.go("/license");

        assertThat(browser.text(By.id("no-license"))).isEqualTo("No license: audit records are kept for 90 days.");
        assertThat(browser.text(By.id("license-problem"))).startsWith("A license is stored but not in force. The license expired on");
        assertThat(browser.find(By.cssSelector("#remove button")).getText()).isEqualTo("Remove License");
        String admin = service.login("admin", TestService.ADMIN_PASSWORD);
        assertThat(expect(service.http.get("/api/v1/admin/license", admin), 200).json().get("problem").asText())
                .contains("expired");
        browser.screenshots("license-expired");
    }

    // --- helpers

    private static Http.Answer login(String username, String password) {
        return service.http.post("/api/v1/auth/login", null, Map.of("username", username, "password", password));
    }

    private static List<JsonNode> apiUsers() {
        return StreamSupport.stream(expect(service.http.get("/api/v1/admin/users", admin), 200).json().spliterator(),
                false).toList();
    }

    private static Optional<JsonNode> apiUser(String username) {
        return apiUsers().stream().filter(u -> u.get("username").asText().equals(username)).findFirst();
    }

    private static JsonNode apiLicense() {
        return expect(service.http.get("/api/v1/admin/license", admin), 200).json();
    }

    private static int retentionDays() {
        return expect(service.http.get("/api/v1/admin/audit/retention", admin), 200).json().get("retentionDays").asInt();
    }

    /** The page and the service agree: no license, records kept 90 days. */
    private static void assertUnlicensed() {
        assertThat(browser.text(By.id("no-license"))).isEqualTo("No license: audit records are kept for 90 days.");
        assertThat(apiLicense().get("licensed").asBoolean()).isFalse();
        assertThat(retentionDays()).isEqualTo(90);
    }

    private static WebElement userRow(String username) {
        return browser.find(By.cssSelector("tr[data-user='" + username + "']"));
    }

    private static List<String> cells(WebElement row) {
        return row.findElements(By.tagName("td")).stream().map(td -> td.getText().trim()).toList();
    }

    private static void openUser(String username) {
        browser.go("/users");
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

    private static void upload(byte[] content) throws Exception {
        Path file = files.resolve("license.json");
        Files.write(file, content);
        browser.go("/license");
        browser.find(By.id("file")).sendKeys(file.toString());
        browser.submit(By.cssSelector("#upload button[type=submit]"));
    }

    private static License license(String licensee, Instant expires, int retentionDays) {
        return new License("license-" + licensee, licensee, Instant.now().truncatedTo(ChronoUnit.SECONDS), expires,
                retentionDays);
    }
}
