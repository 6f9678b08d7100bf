package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.license.IssuerKeys;
import io.signingmanager.service.license.License;
import io.signingmanager.service.license.LicenseCodec;
import io.signingmanager.service.testing.Browser;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The License page in a real browser: refused files say why and change nothing; a valid one shows
 * what it grants and sets the audit retention. Each test gets a fresh service without a license (one
 * test moves its clock) and a browser signed in as the admin; a test about a stored license uploads
 * it first ({@link #uploadAcme}). The Users pages are {@link UserPagesTest}'s.
 */
class LicensePagesTest {
    private static final Instant EXPIRES = Instant.now().plus(Duration.ofDays(365)).truncatedTo(ChronoUnit.DAYS);
    @TempDir
    Path files;
    private KeyPair issuer;
    @RunningService(licenseIssuer = true)
    private TestService service;
    private Browser browser;
    private String admin;

    @BeforeEach
    void start() {
        issuer = service.licenseIssuer;
        admin = service.adminToken();
        browser = Browser.signedIn(service, "admin", TestService.ADMIN_PASSWORD);
    }

    @AfterEach
    void stop() {
        Browser.closeChecked(browser);
    }

    @Test
    void withoutALicenseRecordsAreKeptNinetyDays() {
        browser.go("/license");

        assertUnlicensed();
        assertThat(browser.driver().findElements(By.id("remove"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("no-issuer"))).isEmpty();
        browser.screenshots("license-none");
    }

    @Test
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
    void aValidLicenseShowsItsLicenseeExpiryAndRetentionAndSetsTheRetention() throws Exception {
        uploadAcme();

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
    void aForgedLicenseLeavesTheValidOneInPlace() throws Exception {
        uploadAcme();
        upload(LicenseCodec.issue(license("Mallory", EXPIRES, 4000), IssuerKeys.generate().getPrivate()));

        assertThat(browser.text(By.id("upload-error"))).contains("not signed by the configured license issuer");
        assertThat(browser.text(By.id("licensee"))).isEqualTo("ACME");
        assertThat(apiLicense().get("license").get("licensee").asText()).isEqualTo("ACME");
        assertThat(retentionDays()).isEqualTo(400);
        browser.screenshots("license-refused");
    }

    @Test
    void removingTheLicenseAsksFirstAndReturnsToNinetyDays() throws Exception {
        uploadAcme();
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

    private JsonNode apiLicense() {
        return expect(service.http.get("/api/v1/admin/license", admin), 200).json();
    }

    private int retentionDays() {
        return expect(service.http.get("/api/v1/admin/audit/retention", admin), 200).json().get("retentionDays").asInt();
    }

    /** The page and the service agree: no license, records kept 90 days. */
    private void assertUnlicensed() {
        assertThat(browser.text(By.id("no-license"))).isEqualTo("No license: audit records are kept for 90 days.");
        assertThat(apiLicense().get("licensed").asBoolean()).isFalse();
        assertThat(retentionDays()).isEqualTo(90);
    }

    /** The valid license most tests start from: ACME, {@link #EXPIRES}, 400 days. */
    private void uploadAcme() throws Exception {
        upload(LicenseCodec.issue(license("ACME", EXPIRES, 400), issuer.getPrivate()));
        browser.awaitPath("/license");
    }

    private void upload(byte[] content) throws Exception {
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
