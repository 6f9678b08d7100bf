package io.signingmanager.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.signingmanager.service.testing.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;

/**
 * The first-run journey in a real browser: sign in, choose a new password, accept the agreement, the main page.
 * Each test gets a fresh service, whose admin still has the default password, and a fresh browser; a test
 * about the main page first takes the admin through the first sign-in ({@link #signedInAdmin}).
 */
class FirstRunPagesTest {
    private static final String NEW_PASSWORD = "a brand new admin password";
    @RunningService
    private TestService service;
    private Browser browser;

    @BeforeEach
    void start() {
        browser = Browser.open(service.service.localUri());
    }

    @AfterEach
    void stop() {
        Browser.closeChecked(browser);
    }

    @Test
    void anyPageSendsAVisitorToSignInFirst() {
        browser.go("/");

        browser.awaitPath("/login");
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("Sign in");
        assertThat(browser.driver().findElements(By.cssSelector("nav"))).isEmpty();
        browser.screenshots("login");
    }

    @Test
    void aWrongPasswordIsSaidInWords() {
        browser.go("/login");
        browser.type(By.id("username"), "admin");
        browser.type(By.id("password"), "not the password");
        browser.submit(By.cssSelector("form[action='/login'] button[type=submit]"));

        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("Wrong user name or password");
        assertThat(browser.find(By.id("username")).getAttribute("value")).isEqualTo("admin");
        browser.screenshots("login-error");
    }

    @Test
    void theDefaultPasswordMustBeChangedAndTheAgreementAcceptedBeforeTheMainPage() {
        browser.go("/login");
        browser.type(By.id("username"), "admin");
        // The keyboard alone: Tab to the password, Enter to sign in.
        browser.find(By.id("username")).sendKeys(Keys.TAB);
        browser.driver().switchTo().activeElement().sendKeys("change_password", Keys.ENTER);
        browser.awaitPath("/password");

        Cookie session = browser.driver().manage().getCookieNamed("signing_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.isSecure()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        browser.screenshots("password");

        browser.go("/");
        browser.awaitPath("/password");

        browser.type(By.id("currentPassword"), "change_password");
        browser.type(By.id("newPassword"), "change_password");
        browser.type(By.id("confirmPassword"), "change_password");
        browser.submit(By.cssSelector("form[action='/password'] button"));
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("Choose a password other than the default one");
        browser.screenshots("password-error");

        browser.type(By.id("currentPassword"), "change_password");
        browser.type(By.id("newPassword"), NEW_PASSWORD);
        browser.type(By.id("confirmPassword"), NEW_PASSWORD);
        browser.submit(By.cssSelector("form[action='/password'] button"));
        browser.awaitPath("/agreement");
        assertThat(browser.text(By.cssSelector(".agreement"))).contains("Signing Service User Agreement");
        browser.screenshots("agreement");

        browser.go("/");
        browser.awaitPath("/agreement");
        browser.submit(By.xpath("//button[text()='Accept']"));
        browser.awaitPath("/");
    }

    @Test
    void theMainPageOffersTheServiceUrlToCopyAndTheWayToAnApiKey() {
        signedInAdmin();
        browser.go("/");

        assertThat(browser.text(By.id("service-url"))).isEqualTo(service.service.localUri().toString());
        assertThat(browser.text(By.id("tls-sha256"))).isEqualTo(String.join("\n", Fingerprints.lines(service.service.tlsSha256())));
        assertThat(browser.find(By.cssSelector("button[data-copy='service-url']")).getText()).isEqualTo("Copy");
        assertThat(browser.find(By.linkText("Get an API Key / Secret")).getAttribute("href")).endsWith("/api-keys");
        assertThat(browser.find(By.cssSelector("nav")).getText())
                .contains("Signing Certificates", "API Keys", "Clients", "Audit", "API", "Users", "License");
        browser.screenshots("main");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefusedAndChangesNothing() {
        signedInAdmin();
        String cookie = "signing_session=" + browser.driver().manage().getCookieNamed("signing_session").getValue();
        Http.Answer answer = service.http.send("POST", "/logout", null, "csrf=wrong".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", Map.of("Cookie", cookie));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("Content-Type")).startsWith("text/html");
        assertThat(answer.text()).contains("The form is stale; reload the page and try again");
        browser.go("/");
        assertThat(browser.currentPath()).isEqualTo("/");
    }

    @Test
    void pagesCarryTheSecurityHeadersAndAPolicyThatForbidsInlineScript() {
        Http.Answer login = service.http.get("/login", null);

        assertThat(login.header("Content-Security-Policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(login.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(login.text()).doesNotContain("<script>").doesNotContain("onclick=").doesNotContain("style=");
    }

    @Test
    void installersPutInTheDownloadsFolderAreOfferedOnTheMainPage() throws Exception {
        signedInAdmin();
        byte[] installer = "the Signing Manager installer".getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(service.data.resolve("data/downloads"));
        Files.write(service.data.resolve("data/downloads/signing-manager.jar"), installer);

        browser.go("/");
        browser.click(By.linkText("Download signing-manager.jar"));

        assertThat(browser.awaitDownload(".jar")).hasBinaryContent(installer);
        String admin = service.login("admin", TestService.ADMIN_PASSWORD);
        String debian = "signing-manager_1.0.0~SNAPSHOT_amd64.deb";
        byte[] installerPackage = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(installerPackage);
        Files.write(service.data.resolve("data/downloads/" + debian), installerPackage);
        browser.go("/");
        assertThat(browser.find(By.linkText("Download " + debian)).getAttribute("href"))
                .endsWith("/downloads/" + debian);
        Http.Answer download = service.http.get("/downloads/" + debian, admin);
        assertThat(download.header("Content-Length")).isEqualTo(String.valueOf(installerPackage.length));
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + debian + "\"");
        assertThat(download.body()).isEqualTo(installerPackage);
        assertThat(service.http.get("/downloads/master.key", admin).status()).isEqualTo(404);
        assertThat(service.http.get("/downloads/..%2Fmaster.key", admin).status()).isIn(400, 404);
    }

    @Test
    void signingOutEndsTheSession() {
        signedInAdmin();
        browser.submit(By.xpath("//button[text()='Sign out']"));
        browser.awaitPath("/login");

        browser.go("/");
        browser.awaitPath("/login");
    }

    /** The admin through the first sign-in (password changed, agreement accepted) and signed in on the main page. */
    private void signedInAdmin() {
        service.adminToken();
        browser.signIn("admin", TestService.ADMIN_PASSWORD);
        browser.awaitPath("/");
    }
}
