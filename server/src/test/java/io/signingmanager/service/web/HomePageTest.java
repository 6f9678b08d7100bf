package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The main page in a real browser: the admins' dashboard (counts, today's signatures, certificates
 * about to expire, recent failures) and what a non-admin sees instead (no folder of the server's,
 * whom to ask for an API key). Each test makes what it needs, so each runs alone.
 */
class HomePageTest extends AdminPagesJourney {
    @Test
    void theDashboardCountsWhatTheApiLists() {
        service.createApiKey("counted " + tag());
        String inactive = service.createApiKey("inactive " + tag()).get("id").asText();
        expect(service.http.patch("/api/v1/admin/api-keys/" + inactive, service.adminToken(), Map.of("active", false)),
                200);

        browser.go("/");
        assertThat(count("count-certificates")).isEqualTo(listed("/api/v1/admin/certificates"));
        assertThat(count("count-api-keys")).isEqualTo(activeKeys()).isLessThan(listed("/api/v1/admin/api-keys"));
        assertThat(count("count-clients")).isEqualTo(listed("/api/v1/admin/clients"));
        assertThat(count("count-users")).isEqualTo(listed("/api/v1/admin/users"));
        browser.screenshots("main-dashboard");
    }

    @Test
    void aSignatureCountsToday() {
        String id = service.importP12(TestPki.p12("pw", TestPki.rsa(2048, "Today " + tag())), "pw").get("id").asText();
        browser.go("/");
        int before = count("signatures-today");

        expect(service.http.post("/api/v1/admin/certificates/" + id + "/test-signature", service.adminToken(), null), 200);
        browser.go("/");
        assertThat(count("signatures-today")).isEqualTo(before + 1);
        browser.click(By.id("signatures-today"));
        browser.awaitPath("/audit");
        assertThat(browser.find(By.id("type")).getAttribute("value")).isEqualTo("sign");
    }

    @Test
    void certificatesExpiringWithin30DaysAreNamedAndLinked() {
        String tag = tag();
        Instant now = service.clock.instant();
        String soon = service.importP12(TestPki.p12("pw", TestPki.selfSigned("Soon " + tag, TestPki.rsaKeys(2048),
                now.minus(Duration.ofDays(300)), now.plus(Duration.ofDays(10)))), "pw").get("id").asText();
        service.importP12(TestPki.p12("pw", TestPki.selfSigned("Later " + tag, TestPki.rsaKeys(2048),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(60)))), "pw");

        browser.go("/");
        String expiring = browser.text(By.id("expiring"));
        assertThat(expiring).contains("Soon " + tag).doesNotContain("Later " + tag);
        browser.click(By.linkText("Soon " + tag));
        browser.awaitPath("/certificates/" + soon);
    }

    @Test
    void recentFailuresLinkToTheirAuditRecords() {
        String who = "nobody-" + tag();
        assertThat(service.http.post("/api/v1/auth/login", null, Map.of("username", who, "password", "wrong password"))
                .status()).isEqualTo(401);

        browser.go("/");
        WebElement failure = browser.find(By.cssSelector("#failures li a"));
        assertThat(failure.getText()).contains("login");
        assertThat(failure.getAttribute("href")).matches(".*/audit\\?status=failure#record-\\d+");
        failure.click();
        browser.awaitPath("/audit");
        assertThat(browser.find(By.id("status")).getAttribute("value")).isEqualTo("failure");
    }

    @Test
    void theTlsFingerprintIsWrittenAsInTheLogOverTwoLines() {
        browser.go("/");
        assertThat(browser.text(By.id("tls-sha256")))
                .isEqualTo(String.join("\n", Fingerprints.lines(service.service.tlsSha256())))
                .isEqualTo(Fingerprints.colons(service.service.tlsSha256()).substring(0, 47) + "\n"
                        + Fingerprints.colons(service.service.tlsSha256()).substring(48));
    }

    @Test
    void aNonAdminSeesNoServerFolderAndWhomToAskForAKey() {
        String viewer = "viewer-" + tag();
        service.userToken(viewer, false);
        try (Browser other = Browser.open(service.service.localUri())) {
            other.signIn(viewer, TestService.USER_PASSWORD);
            other.go("/");
            assertThat(other.driver().findElements(By.id("dashboard"))).isEmpty();
            assertThat(other.text(By.id("main"))).doesNotContain(service.data.toString());
            assertThat(other.driver().findElements(By.linkText("Get an API Key / Secret"))).isEmpty();
            assertThat(other.text(By.id("ask-for-key"))).contains("ask admin for one");
            other.screenshots("main-user");
        }
    }

    private static int count(String id) {
        return Integer.parseInt(browser.text(By.id(id)));
    }

    private static int listed(String path) {
        return expect(service.http.get(path, service.adminToken()), 200).json().size();
    }

    private static int activeKeys() {
        int active = 0;
        for (var key : expect(service.http.get("/api/v1/admin/api-keys", service.adminToken()), 200).json()) {
            active += key.get("active").asBoolean() ? 1 : 0;
        }
        return active;
    }
}
