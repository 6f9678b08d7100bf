package io.signingmanager.service.web;

import static io.signingmanager.service.testing.AppleWorkflows.PATH;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.service.testing.appstore.AscCertificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Automatic signing in the browser, against App Store Connect's double: an automatic workflow created
 * with its bundle ID picked from the key's team (no script: "Load bundle IDs" sends the form back), set
 * up until ready; at Apple's certificate limit the limit page, where a wrongly typed name revokes
 * nothing and the right one does, and the switch to manual signing.
 */
class AutomaticWorkflowPagesTest {
    private static final String TEAM = "TEAMPAGES1";
    // Each limit test fills a team of its own: a certificate one creates would be reused by the other.
    private static final String LIMITED_TEAM = "TEAMLIMIT1";
    private static final String MANUAL_TEAM = "TEAMLIMIT2";

    @RunningService(appStoreConnect = true)
    private static TestService service;
    private static Browser browser;
    private static String keyId;
    private static String limitedKeyId;
    private static String manualKeyId;

    @BeforeAll
    static void start() {
        service.adminToken();
        keyId = service.addConnectKey(service.apple.addKey(TEAM, "Pages Corp"), "Pages key");
        service.apple.addBundleId(TEAM, "com.example.pages", "Pages app", "MAC_OS");
        service.apple.addBundleId(TEAM, "com.example.pages.universal", "Pages universal", "UNIVERSAL");
        service.apple.addBundleId(TEAM, "com.example.pages.phone", "Pages phone", "IOS");
        limitedKeyId = service.addConnectKey(service.apple.addKey(LIMITED_TEAM, "Limited Corp"), "Limited key");
        service.apple.addBundleId(LIMITED_TEAM, "com.example.limited", "Limited app", "MAC_OS");
        manualKeyId = service.addConnectKey(service.apple.addKey(MANUAL_TEAM, "Manual Corp"), "Manual key");
        service.apple.addBundleId(MANUAL_TEAM, "com.example.manual", "Manual app", "MAC_OS");
        browser = Browser.signedIn(service, "admin", TestService.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        Browser.closeChecked(browser);
    }

    @AfterEach
    void appleSawOnlyValidRequests() {
        assertThat(service.apple.schemaProblems()).isEmpty();
    }

    @Test
    void anAutomaticWorkflowPicksItsBundleIdFromTheKeysTeamAndIsReadyOnceSetUp() {
        browser.go("/apple/workflows/new");
        browser.type(By.id("name"), "Pages automatic");
        browser.click(By.id("method-automatic"));
        new Select(browser.find(By.id("connect-key"))).selectByValue(keyId);
        browser.submit(By.id("load-bundle-ids"));
        assertThat(browser.text(By.id("bundle-ids-loaded"))).startsWith("2 bundle IDs for macOS");
        assertThat(browser.find(By.id("name")).getAttribute("value")).as("kept").isEqualTo("Pages automatic");
        assertThat(browser.find(By.id("method-automatic")).isSelected()).isTrue();
        Select bundleIds = new Select(browser.find(By.id("bundle-id")));
        assertThat(bundleIds.getOptions()).extracting(option -> option.getAttribute("value"))
                .containsExactly("com.example.pages", "com.example.pages.universal");
        bundleIds.selectByValue("com.example.pages");
        browser.screenshots("workflow-automatic-form");
        browser.submit(By.xpath("//button[text()='Create']"));
        browser.await(d -> browser.currentPath().matches("/apple/workflows/[0-9a-f-]{36}"));
        String page = browser.currentPath();
        assertThat(browser.text(By.id("method"))).isEqualTo("Automatic");
        assertThat(browser.text(By.id("connect-key"))).isEqualTo("Pages key");
        assertThat(browser.text(By.id("no-runs"))).contains("not set up yet");
        assertThat(browser.text(By.cssSelector("#readiness .status"))).startsWith("Not ready");
        assertThat(browser.driver().findElements(By.cssSelector("a[href='" + page + "/application-certificate/upload']")))
                .as("the service fills the slots").isEmpty();

        browser.submit(By.id("set-up"));
        browser.awaitPath(page);
        assertThat(browser.text(By.cssSelector("#readiness .status"))).isEqualTo("Ready");
        assertThat(browser.text(By.cssSelector("#runs > li:first-child .status"))).isEqualTo("Succeeded");
        assertThat(browser.text(By.cssSelector("#runs > li:first-child .steps"))).contains("The workflow is ready");
        browser.go(page);
        browser.screenshots("web-workflow-automatic");

        browser.submit(By.id("check-now"));
        browser.awaitPath(page);
        assertThat(browser.driver().findElements(By.cssSelector("#runs > li"))).hasSize(2);
        assertThat(browser.text(By.cssSelector("#runs > li:first-child .kind"))).isEqualTo("Check now");
        assertThat(browser.text(By.cssSelector("#readiness .status"))).isEqualTo("Ready");

        browser.click(By.cssSelector("#application-certificate .filled a"));
        browser.await(d -> browser.currentPath().startsWith("/certificates/"));
        assertThat(browser.text(By.id("created"))).startsWith("Created by the service for team ").contains(TEAM);
        browser.go(page);
        browser.click(By.cssSelector("#profile .filled a"));
        browser.await(d -> browser.currentPath().startsWith("/apple/profiles/"));
        assertThat(browser.text(By.id("created"))).startsWith("Created by the service for team ").contains(TEAM);
    }

    @Test
    void aKeyThatDoesNotHaveTheBundleIdIsRefusedOnTheForm() {
        browser.go("/apple/workflows/new");
        browser.type(By.id("name"), "Pages refused");
        browser.click(By.id("method-automatic"));
        new Select(browser.find(By.id("connect-key"))).selectByValue(keyId);
        browser.type(By.id("bundle-id"), "com.example.pages.phone");
        browser.submit(By.xpath("//button[text()='Create']"));
        assertThat(browser.text(By.cssSelector(".error"))).contains("com.example.pages.phone", "iOS only");
        assertThat(browser.find(By.id("method-automatic")).isSelected()).isTrue();
        assertThat(new Select(browser.find(By.id("connect-key"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo(keyId);
        browser.find(By.id("bundle-id")).clear();
        browser.submit(By.id("load-bundle-ids"));
        assertThat(browser.find(By.id("name")).getAttribute("value")).isEqualTo("Pages refused");
    }

    @Test
    void atTheCertificateLimitAWrongNameRevokesNothingAndTheRightOneLetsSetUpSucceed() {
        AscCertificate first = service.apple.addCertificate(LIMITED_TEAM, PortalCertificateType.MAC_APP_DISTRIBUTION,
                "Someone's first");
        AscCertificate second = service.apple.addCertificate(LIMITED_TEAM, PortalCertificateType.MAC_APP_DISTRIBUTION,
                "Someone's second");
        String page = "/apple/workflows/" + automaticWorkflow("Limited", "com.example.limited", limitedKeyId);
        browser.go(page);
        browser.submit(By.id("set-up"));
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("Certificate limit reached");
        assertThat(browser.text(By.cssSelector("main > p.back:first-child a"))).isEqualTo("← Limited");
        assertThat(browser.text(By.id("limit-message"))).contains("Mac App Distribution");
        assertThat(browser.text(By.id("certificate-" + first.id()))).contains("Someone's first", first.serialNumber(), "No");
        assertThat(browser.text(By.id("certificate-" + second.id()))).contains("Someone's second");
        browser.screenshots("web-certificate-limit");

        revoke(first, "Someone's second");
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("Certificate limit reached");
        assertThat(browser.text(By.id("revoke-refused"))).startsWith("Nothing was revoked").contains("Someone's first");
        assertThat(browser.driver().findElements(By.cssSelector("#limit-certificates tbody tr"))).hasSize(2);
        assertThat(revoked(first)).isFalse();

        revoke(first, "Someone's first");
        browser.awaitPath(page);
        assertThat(browser.text(By.cssSelector("#automatic .notice"))).contains("Someone's first");
        assertThat(revoked(first)).isTrue();
        assertThat(revoked(second)).isFalse();
        browser.submit(By.id("set-up"));
        browser.awaitPath(page);
        assertThat(browser.text(By.cssSelector("#readiness .status"))).isEqualTo("Ready");
    }

    @Test
    void fromTheLimitPageTheWorkflowSwitchesToManualSigning() {
        for (String name : List.of("Held first", "Held second")) {
            service.apple.addCertificate(MANUAL_TEAM, PortalCertificateType.MAC_INSTALLER_DISTRIBUTION, name);
        }
        String id = automaticWorkflow("Goes manual", "com.example.manual", manualKeyId);
        browser.go("/apple/workflows/" + id);
        browser.submit(By.id("set-up"));
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("Certificate limit reached");
        browser.click(By.id("switch-manual"));
        browser.driver().switchTo().alert().accept();
        browser.awaitPath("/apple/workflows/" + id);
        assertThat(browser.text(By.id("method"))).isEqualTo("Manual");
        assertThat(browser.driver().findElements(By.id("automatic"))).isEmpty();
        assertThat(expect(service.http.get(PATH + "/" + id, service.adminToken()), 200).json().has("connectKeyId")).isFalse();
    }

    private static String automaticWorkflow(String name, String bundleId, String connectKeyId) {
        return expect(service.http.post(PATH, service.adminToken(), Map.of("name", name, "bundleId", bundleId,
                "distribution", "mac-app-store", "method", "automatic", "connectKeyId", connectKeyId)), 201)
                .json().get("id").asText();
    }

    private static void revoke(AscCertificate certificate, String typed) {
        WebElement row = browser.find(By.id("certificate-" + certificate.id()));
        WebElement field = row.findElement(By.name("confirmName"));
        field.clear();
        field.sendKeys(typed);
        browser.submit(row.findElement(By.cssSelector("button[type=submit]")));
    }

    private static boolean revoked(AscCertificate certificate) {
        return service.apple.certificates(LIMITED_TEAM).stream().filter(c -> c.id().equals(certificate.id()))
                .findFirst().orElseThrow().revoked();
    }
}
