package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.crypto.Pem;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import io.signingmanager.service.testing.appstore.AscRole;
import io.signingmanager.service.testing.appstore.AscTeamKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The App Store Connect API Keys pages under the Apple menu, against the double: add with the .p8 as a
 * file, errors in the form, Test connection in words, Delete with its confirmation and its refusal.
 */
class ConnectKeyPagesTest {
    private static final String TEAM = "PAGESTEAM1";

    @RunningService(appStoreConnect = true)
    private static TestService service;
    private static Browser browser;
    @TempDir
    static Path files;

    @BeforeAll
    static void start() {
        service.adminToken();
        browser = Browser.signedIn(service, "admin", TestService.ADMIN_PASSWORD);
        service.apple.addBundleId(TEAM, "com.example.pages", "Pages", "MAC_OS");
        service.apple.addBundleId(TEAM, "com.example.pages.helper", "Pages Helper", "MAC_OS");
    }

    @AfterAll
    static void stop() {
        Browser.closeChecked(browser);
    }

    @Test
    void anAddedKeyIsTestedListedAndDeleted() throws IOException {
        AscTeamKey key = service.apple.addKey(TEAM, "Pages Team");
        browser.go("/apple/workflows");
        browser.click(By.linkText("App Store Connect API Keys"));
        browser.awaitPath("/apple/connect-keys");
        assertThat(browser.find(By.cssSelector("nav.tabs a[aria-current=page]")).getText())
                .isEqualTo("App Store Connect API Keys");
        browser.click(By.linkText("Add API Key"));
        browser.awaitPath("/apple/connect-keys/add");
        assertThat(browser.find(By.id("file")).getAttribute("accept")).isEqualTo(".p8");
        fill("Release team", key.issuerId(), key.keyId(), key.p8());
        browser.screenshots("connect-key-add");
        browser.submit(By.xpath("//button[text()='Add API Key']"));

        browser.await(d -> browser.currentPath().matches("/apple/connect-keys/[0-9a-f-]{36}"));
        String page = browser.currentPath();
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Release team");
        assertThat(browser.text(By.id("key-id"))).isEqualTo(key.keyId());
        assertThat(browser.text(By.id("issuer-id"))).isEqualTo(key.issuerId());
        assertThat(browser.text(By.id("team"))).contains("Not known yet");
        assertThat(browser.text(By.id("last-used"))).isEqualTo("Never");
        assertThat(browser.driver().getPageSource()).doesNotContain(key.p8().lines().skip(1).findFirst().orElseThrow());
        assertThat(browser.text(By.cssSelector("p.back a"))).isEqualTo("← App Store Connect API Keys");

        browser.submit(By.id("test-connection"));
        assertThat(browser.find(By.id("test-result")).getAttribute("class")).isEqualTo("notice");
        assertThat(browser.text(By.id("test-result"))).contains("reaches the team " + TEAM, "2 bundle IDs",
                "ready for automatic signing");
        assertThat(browser.text(By.id("team"))).isEqualTo(TEAM);
        assertThat(browser.text(By.id("last-used"))).endsWith("UTC");
        browser.screenshots("connect-key-page");

        browser.go("/apple/connect-keys");
        String row = browser.text(By.id("connect-key-" + page.substring(page.lastIndexOf('/') + 1)));
        assertThat(row).contains("Release team", key.keyId(), key.issuerId(), TEAM).doesNotContain("Never");
        browser.screenshots("connect-keys-list");

        browser.go(page);
        browser.click(By.linkText("Delete"));
        browser.awaitPath(page + "/delete");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Delete Release team?");
        browser.screenshots("connect-key-delete");
        browser.click(By.xpath("//button[text()='Delete']"));
        browser.await(ExpectedConditions.alertIsPresent()).accept();
        browser.awaitPath("/apple/connect-keys");
        assertThat(browser.driver().findElements(By.linkText("Release team"))).isEmpty();
    }

    @Test
    void aWrongFileIsRefusedInTheFormWhichKeepsWhatWasTyped() throws Exception {
        AscTeamKey key = service.apple.addKey(TEAM, "Pages Team");
        browser.go("/apple/connect-keys/add");
        fill("RSA by mistake", key.issuerId(), key.keyId(),
                Pem.encode("PRIVATE KEY", TestPki.rsaKeys(2048).getPrivate().getEncoded()));
        browser.submit(By.xpath("//button[text()='Add API Key']"));

        assertThat(browser.currentPath()).isEqualTo("/apple/connect-keys/add");
        assertThat(browser.text(By.id("add-error"))).contains("private key of type RSA", "EC P-256");
        assertThat(browser.find(By.id("name")).getAttribute("value")).isEqualTo("RSA by mistake");
        assertThat(browser.find(By.id("keyId")).getAttribute("value")).isEqualTo(key.keyId());
        browser.screenshots("connect-key-add-error");
        browser.go("/apple/connect-keys");
        assertThat(browser.driver().findElements(By.linkText("RSA by mistake"))).isEmpty();
    }

    @Test
    void testConnectionSaysWhatARoleCannotDo() {
        String id = service.addConnectKey(service.apple.addKey(TEAM, "Pages Team", AscRole.DEVELOPER), "Developer role");
        browser.go("/apple/connect-keys/" + id);
        browser.submit(By.id("test-connection"));
        assertThat(browser.find(By.id("test-result")).getAttribute("class")).isEqualTo("error");
        assertThat(browser.text(By.id("test-result"))).contains("may not create certificates", "Admin role");
        browser.screenshots("connect-key-test-refused");
    }

    @Test
    void aKeyAWorkflowUsesIsNotDeleted() {
        String id = service.addConnectKey(service.apple.addKey(TEAM, "Pages Team"), "In use");
        String workflow = expect(service.http.post("/api/v1/admin/apple/workflows", service.adminToken(), Map.of(
                "name", "Uses " + UUID.randomUUID(), "bundleId", "com.example.pages", "distribution", "mac-app-store")),
                201).json().get("id").asText();
        service.service.database().transaction(c -> Sql.update(c,
                "UPDATE workflows SET connect_key_id = ? WHERE id = ?", id, workflow));
        try {
            browser.go("/apple/connect-keys/" + id + "/delete");
            browser.click(By.xpath("//button[text()='Delete']"));
            browser.await(ExpectedConditions.alertIsPresent()).accept();
            browser.await(d -> !browser.driver().findElements(By.id("delete-error")).isEmpty());
            assertThat(browser.text(By.id("delete-error"))).contains("is used by the workflow");
            browser.go("/apple/connect-keys/" + id);
            assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("In use");
        } finally {
            service.service.database().transaction(c -> Sql.update(c,
                    "UPDATE workflows SET connect_key_id = NULL WHERE id = ?", workflow));
        }
    }

    private static void fill(String name, String issuerId, String keyId, String p8) throws IOException {
        browser.type(By.id("name"), name);
        browser.type(By.id("issuerId"), issuerId);
        browser.type(By.id("keyId"), keyId);
        Path file = Files.writeString(files.resolve("AuthKey_" + keyId + "-" + UUID.randomUUID() + ".p8"), p8);
        browser.find(By.id("file")).sendKeys(file.toString());
    }
}
