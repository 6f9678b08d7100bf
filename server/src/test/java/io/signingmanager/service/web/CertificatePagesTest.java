package io.signingmanager.service.web;

import static io.signingmanager.service.testing.ProtocolAssertions.assertError;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Signing Certificates list, import (and its refusals), the certificate page, Delete, and what
 * a non-admin sees and reaches, in a real browser against a real service. Effects are checked
 * through the admin API and the client protocol. Each test imports what it needs, so each runs
 * alone; Sign, Authorize, Edit and the toggle are {@link CertificateActionPagesTest}'s.
 */
class CertificatePagesTest extends CertificateJourney {
    private static final Pattern CERTIFICATE_PAGE = Pattern.compile("/certificates/([0-9a-f-]{36})");

    @Test
    void anEmptyListSaysSoAndPointsAdminsToTheImportButton() {
        // An empty list needs a service of its own: the other tests' certificates share this one.
        TestService empty = TestService.start();
        empty.adminToken();
        try (empty; Browser browser = Browser.signedIn(empty, "admin", TestService.ADMIN_PASSWORD)) {
            browser.go("/certificates");

            assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Signing Certificates");
            assertThat(browser.text(By.cssSelector(".empty"))).contains("There are no signing certificates yet")
                    .contains("Import Signing Certificate");
            assertThat(browser.find(By.cssSelector("nav a[aria-current=page]")).getText())
                    .isEqualTo("Signing Certificates");
            browser.screenshots("certificates-empty");

            browser.click(By.linkText("Import Signing Certificate"));
            browser.awaitPath("/certificates/import");
            WebElement file = browser.find(By.id("file"));
            assertThat(file.getAttribute("accept")).isEqualTo(".p12,.pfx");
            assertThat(browser.find(By.cssSelector("label[for=file]")).getText()).contains(".p12");
            assertThat(browser.find(By.cssSelector("label[for=password]")).getText()).isEqualTo("P12 password");
            browser.screenshots("certificate-import");
        }
    }

    @Test
    void aWrongP12PasswordIsSaidOnTheFormAndNothingIsStored() throws IOException {
        int before = storedCertificates().size();
        browser.go("/certificates/import");
        chooseP12("identity.p12", TestPki.rsa(2048, "Wrong Password").p12(P12_PASSWORD), "not the password");
        browser.submit(By.xpath("//button[text()='Import']"));

        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("The P12 password is wrong");
        assertThat(browser.currentPath()).isEqualTo("/certificates/import");
        assertThat(browser.find(By.id("password")).getAttribute("value")).isEmpty();
        assertThat(storedCertificates()).hasSize(before);
        browser.screenshots("certificate-import-wrong-password");
    }

    @Test
    void aTruncatedFileIsSaidOnTheFormAndNothingIsStored() throws IOException {
        int before = storedCertificates().size();
        byte[] p12 = TestPki.rsa(2048, "Truncated").p12(P12_PASSWORD);
        browser.go("/certificates/import");
        chooseP12("truncated.p12", Arrays.copyOf(p12, p12.length / 2), P12_PASSWORD);
        browser.submit(By.xpath("//button[text()='Import']"));

        assertThat(browser.text(By.cssSelector(".error"))).contains("not a readable .p12").contains("truncated");
        assertThat(storedCertificates()).hasSize(before);
        browser.screenshots("certificate-import-truncated");

        browser.go("/certificates/import");
        chooseP12("huge.p12", new byte[2 * 1024 * 1024], P12_PASSWORD);
        browser.submit(By.xpath("//button[text()='Import']"));

        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("The file is too large");
        assertThat(browser.text(By.cssSelector(".error"))).contains("larger than 1048576 bytes");
        assertThat(storedCertificates()).hasSize(before);
    }

    @Test
    void importingThroughTheFileChooserLandsOnTheCertificatePage() throws IOException {
        String name = "Web Code Signing " + tag();
        TestPki.TestIdentity identity = TestPki.issuedByCa(name, TestPki.rsaKeys(2048));
        browser.go("/certificates/import");
        chooseP12("identity.p12", identity.p12(P12_PASSWORD), P12_PASSWORD);
        browser.find(By.id("password")).sendKeys(Keys.ENTER);

        browser.await(d -> CERTIFICATE_PAGE.matcher(browser.currentPath()).matches());
        Matcher page = CERTIFICATE_PAGE.matcher(browser.currentPath());
        assertThat(page.matches()).isTrue();
        String certificateId = page.group(1);
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo(name);
        assertThat(browser.text(By.id("sha1"))).isEqualTo(identity.sha1());
        assertThat(storedSha1(certificateId)).isEqualTo(identity.sha1());
        JsonNode detail = stored(certificateId);
        assertThat(browser.text(By.id("sha256"))).isEqualTo(detail.get("sha256").asText());
        assertThat(browser.text(By.id("pem"))).isEqualTo(detail.get("pem").asText().strip());
        assertThat(browser.text(By.id("key"))).isEqualTo("RSA 2048 bits");
        assertThat(browser.text(By.id("authorized"))).isEqualTo("All API keys");
        assertThat(browser.find(By.cssSelector(".status-line .status")).getText()).isEqualTo("Active");
        assertThat(browser.driver().findElements(By.cssSelector("details.chain summary"))).singleElement()
                .satisfies(summary -> assertThat(summary.getText()).startsWith("Test Code Signing CA"));
        assertThat(actions()).containsExactly("Sign", "Authorize", "Edit", "Delete");
        assertThat(browser.text(By.cssSelector("p.back a"))).isEqualTo("← Signing Certificates");
        browser.screenshots("certificate-page");
    }

    @Test
    void importingTheSameCertificateAgainIsRefusedOnTheForm() throws IOException {
        Imported first = imported("Imported Twice");
        int before = storedCertificates().size();
        browser.go("/certificates/import");
        chooseP12("again.p12", first.identity().p12(P12_PASSWORD), P12_PASSWORD);
        browser.submit(By.xpath("//button[text()='Import']"));

        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("The certificate " + first.sha1()
                + " is already imported");
        assertThat(storedCertificates()).hasSize(before);
        browser.screenshots("certificate-import-duplicate");
    }

    @Test
    void theListShowsEachCertificateAndFlagsExpiredOnes() {
        Imported current = imported("Listed");
        Instant now = Instant.now();
        String expiredName = "Old Installer Signing " + tag();
        TestPki.TestIdentity expired = TestPki.selfSigned(expiredName, TestPki.ecKeys("secp256r1"),
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(3)));
        String expiredId = service.importP12(expired.p12("pw"), "pw").get("id").asText();

        WebElement row = listRow(current.name());
        assertThat(row.getText()).contains("RSA 2048", "Active", "All API keys").doesNotContain("Expired");
        assertThat(row.findElement(By.cssSelector("code.fingerprint")).getAttribute("title")).isEqualTo(current.sha1());
        assertThat(row.findElement(By.linkText(current.name())).getAttribute("href"))
                .endsWith("/certificates/" + current.id());
        WebElement expiredRow = listRow(expiredName);
        assertThat(expiredRow.findElement(By.cssSelector(".status.expired")).getText()).isEqualTo("Expired");
        assertThat(expiredRow.getText()).contains("EC 256");
        browser.go("/certificates");
        browser.screenshots("certificates-list");

        browser.go("/certificates/" + expiredId);
        assertThat(browser.text(By.cssSelector(".warning"))).contains("expired");
        assertThat(browser.text(By.id("valid-until"))).contains("Expired");
        assertThat(browser.text(By.cssSelector(".card:last-of-type .hint"))).contains("no chain");
        browser.screenshots("certificate-page-expired");
    }

    @Test
    void aNonAdminSeesTheListAndTogglesButFindsNoOtherButtonAndNoWayIn() throws Exception {
        Imported certificate = imported("Seen By Users");
        Signer chosen = signer("Build machines");
        authorize(certificate.id(), chosen.keyId());
        expect(service.http.patch("/api/v1/admin/certificates/" + certificate.id(), service.adminToken(),
                Map.of("active", false)), 200);
        String viewer = "viewer-" + tag();
        service.userToken(viewer, false);
        try (Browser browser = Browser.signedIn(service, viewer, TestService.USER_PASSWORD)) {
            browser.go("/certificates?q=" + certificate.name().replace(' ', '+'));
            WebElement row = browser.find(By.xpath("//tr[td/a[text()='" + certificate.name() + "']]"));
            assertThat(row.getText()).contains("Inactive", chosen.keyName());
            assertThat(browser.driver().findElements(By.linkText("Import Signing Certificate"))).isEmpty();
            browser.screenshots("certificates-list-user");

            browser.submit(row.findElement(By.xpath(".//button[text()='Make active']")));
            browser.awaitPath("/certificates");
            assertThat(browser.find(By.xpath("//tr[td/a[text()='" + certificate.name()
                    + "']]//span[contains(@class,'status')]")).getText()).isEqualTo("Active");
            assertThat(stored(certificate.id()).get("active").asBoolean()).isTrue();
            assertThat(sha1s(chosen.token())).contains(certificate.sha1());

            browser.go("/certificates/" + certificate.id());
            assertThat(browser.driver().findElements(By.cssSelector("main > .heading .actions a"))).isEmpty();
            assertThat(browser.text(By.cssSelector("p.back a"))).isEqualTo("← Signing Certificates");
            for (String button : List.of("Sign", "Authorize", "Edit", "Delete", "Choose authorized API keys")) {
                assertThat(browser.driver().findElements(By.linkText(button))).as(button).isEmpty();
            }
            assertThat(browser.text(By.id("sha1"))).isEqualTo(certificate.sha1());
            browser.screenshots("certificate-page-user");

            for (String path : List.of("/certificates/import", "/certificates/" + certificate.id() + "/sign",
                    "/certificates/" + certificate.id() + "/authorize", "/certificates/" + certificate.id() + "/edit",
                    "/certificates/" + certificate.id() + "/delete")) {
                browser.go(path);
                assertThat(browser.text(By.cssSelector("h1"))).as(path).isEqualTo("Not allowed");
            }
            assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("Only application admins may do this");
            browser.go("/certificates/import");
            browser.screenshots("certificate-import-forbidden");
        }
    }

    @Test
    void deleteAsksFirstThenRemovesTheCertificate() throws Exception {
        Imported certificate = imported("Deleted");
        Signer signer = signer("Deleting");
        assertThat(sha1s(signer.token())).contains(certificate.sha1());

        browser.go("/certificates/" + certificate.id());
        browser.click(By.linkText("Delete"));
        browser.awaitPath("/certificates/" + certificate.id() + "/delete");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Delete " + certificate.name() + "?");
        assertThat(browser.text(By.cssSelector("main p.back a"))).isEqualTo("← " + certificate.name());
        assertThat(browser.text(By.cssSelector("main section p"))).startsWith("Clients can no longer sign with it.");
        browser.screenshots("certificate-delete");

        browser.click(By.xpath("//button[text()='Delete']"));
        Alert question = browser.await(ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).isEqualTo("Delete " + certificate.name() + "? Clients can no longer sign with it.");
        question.dismiss();
        assertThat(browser.currentPath()).isEqualTo("/certificates/" + certificate.id() + "/delete");
        assertThat(storedSha1(certificate.id())).isEqualTo(certificate.sha1());

        browser.click(By.xpath("//button[text()='Delete']"));
        browser.await(ExpectedConditions.alertIsPresent()).accept();

        browser.awaitPath("/certificates");
        assertThat(browser.driver().findElements(By.linkText(certificate.name()))).isEmpty();
        assertThat(service.http.get("/api/v1/admin/certificates/" + certificate.id(), service.adminToken()).status())
                .isEqualTo(404);
        assertThat(sha1s(signer.token())).doesNotContain(certificate.sha1());
        assertError(() -> sign(signer.token(), certificate.sha1()), 404, "unknown_certificate");
        browser.screenshots("certificates-list-after-delete");
    }
}
