package io.signingmanager.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The Workflows pages under the Apple menu: a workflow created on the page and made ready slot by
 * slot, by upload and by choosing, with the checklist saying what is missing at each step; refusals
 * on the forms that change nothing.
 */
class WorkflowPagesTest extends AdminPagesJourney {
    static final String PASSWORD = AppleWorkflows.P12_PASSWORD;

    @TempDir
    static Path files;

    @Test
    void aWorkflowCreatedOnThePageBecomesReadySlotBySlot() throws IOException {
        String tag = tag();
        String name = "MyApp release " + tag;
        String bundleId = "com.example.app" + tag;
        browser.go("/apple");
        browser.awaitPath("/apple/workflows");
        assertThat(browser.find(By.cssSelector("nav.tabs a[aria-current=page]")).getText()).isEqualTo("Workflows");
        browser.click(By.linkText("Create Workflow"));
        browser.awaitPath("/apple/workflows/new");
        assertThat(browser.find(By.id("distribution-mac-app-store")).isSelected()).isTrue();
        assertThat(browser.find(By.id("method-manual")).isSelected()).isTrue();
        assertThat(browser.find(By.id("method-automatic")).isEnabled()).isTrue();
        browser.screenshots("workflow-create");

        browser.type(By.id("name"), name);
        browser.type(By.id("bundle-id"), "not a bundle id");
        browser.submit(By.xpath("//button[text()='Create']"));
        assertThat(browser.text(By.cssSelector(".error"))).contains("bundleId").contains("not a bundle identifier");
        assertThat(browser.find(By.id("name")).getAttribute("value")).isEqualTo(name);
        assertThat(workflowNamed(name)).isNull();
        browser.screenshots("workflow-create-refused");

        browser.find(By.id("bundle-id")).clear();
        browser.type(By.id("bundle-id"), bundleId);
        browser.submit(By.xpath("//button[text()='Create']"));
        browser.await(d -> browser.currentPath().matches("/apple/workflows/[0-9a-f-]{36}"));
        String page = browser.currentPath();
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo(name);
        assertThat(browser.text(By.cssSelector("#readiness .status"))).isEqualTo("Not ready: 3 problems");
        assertThat(browser.text(By.id("authorized"))).isEqualTo("All API keys");
        assertThat(browser.text(By.id("application-certificate"))).contains("Empty", "Problem",
                "The workflow has no application certificate (Mac App Distribution)");
        browser.screenshots("workflow-page-empty");

        TestPki.TestIdentity application = AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION,
                AppleTestPki.TEAM_ID);
        browser.click(By.cssSelector("a[href='" + page + "/application-certificate/upload']"));
        browser.find(By.id("file")).sendKeys(write("application.p12", application.p12(PASSWORD)).toString());
        browser.type(By.id("password"), PASSWORD);
        browser.screenshots("workflow-upload-certificate");
        browser.submit(By.xpath("//button[text()='Upload']"));
        browser.awaitPath(page);
        assertThat(browser.text(By.cssSelector("#application-certificate .filled"))).contains(application.sha1(),
                "Mac App Distribution");
        assertThat(browser.text(By.cssSelector("#readiness .status"))).isEqualTo("Not ready: 2 problems");

        TestPki.TestIdentity installer = AppleTestPki.certificate(AppleCertificateType.MAC_INSTALLER_DISTRIBUTION,
                AppleTestPki.TEAM_ID);
        String installerId = service.importP12(installer.p12(PASSWORD), PASSWORD).get("id").asText();
        browser.click(By.cssSelector("a[href='" + page + "/installer-certificate/choose']"));
        assertThat(browser.driver().findElements(By.cssSelector("input[name=choice]"))).isNotEmpty();
        browser.click(By.id("choice-" + installerId));
        browser.screenshots("workflow-choose-certificate");
        browser.submit(By.xpath("//button[text()='Choose']"));
        browser.awaitPath(page);
        assertThat(browser.find(By.cssSelector("#installer-certificate .filled a")).getAttribute("href"))
                .endsWith("/certificates/" + installerId);

        browser.click(By.cssSelector("a[href='" + page + "/profile/upload']"));
        browser.find(By.id("file")).sendKeys(write("main.provisionprofile",
                AppleTestPki.profile(ProfileType.APP_STORE, bundleId, application).build()).toString());
        browser.submit(By.xpath("//button[text()='Upload']"));
        browser.awaitPath(page);
        assertThat(browser.text(By.cssSelector("#readiness .status"))).isEqualTo("Ready");
        assertThat(browser.text(By.id("profile"))).contains("Includes the application certificate");

        browser.type(By.id("extension-bundle-id"), bundleId + ".widget");
        browser.submit(By.xpath("//button[text()='Add Extension']"));
        browser.awaitPath(page);
        assertThat(browser.text(By.cssSelector("#readiness .status"))).isEqualTo("Not ready: 1 problem");
        String extensionProfile = uploadProfile(AppleTestPki.profile(ProfileType.APP_STORE, bundleId + ".widget",
                application).name("Widget " + tag).build());
        browser.go(page + "/extensions/" + bundleId + ".widget/profile/choose");
        browser.click(By.id("choice-" + extensionProfile));
        browser.submit(By.xpath("//button[text()='Choose']"));
        browser.awaitPath(page);
        assertThat(browser.text(By.cssSelector("#readiness .status"))).isEqualTo("Ready");
        assertThat(browser.text(By.id("extension-" + bundleId + ".widget"))).contains("Widget " + tag);
        browser.screenshots("workflow-page-ready");

        JsonNode stored = workflowNamed(name);
        assertThat(stored.at("/readiness/ready").asBoolean()).isTrue();
        browser.go("/apple/workflows?q=" + tag);
        assertThat(browser.text(By.id("workflow-" + stored.get("id").asText()))).contains(name, bundleId,
                "Mac App Store", "Manual", "Ready");
        browser.screenshots("workflows-list");
    }

    @Test
    void aCertificateOrProfileThatDoesNotFitIsRefusedOnTheFormAndNothingChanges() throws IOException {
        String tag = tag();
        String id = AppleWorkflows.create(service, "Refusals " + tag, "com.example.refused" + tag,
                Distribution.MAC_APP_STORE).get("id").asText();
        String page = "/apple/workflows/" + id;
        int certificates = certificateCount();

        browser.go(page + "/application-certificate/upload");
        TestPki.TestIdentity developerId = AppleTestPki.certificate(AppleCertificateType.DEVELOPER_ID_APPLICATION,
                AppleTestPki.TEAM_ID);
        browser.find(By.id("file")).sendKeys(write("developer-id.p12", developerId.p12(PASSWORD)).toString());
        browser.type(By.id("password"), PASSWORD);
        browser.submit(By.xpath("//button[text()='Upload']"));
        assertThat(browser.text(By.cssSelector(".error"))).contains("Developer ID Application", "Mac App Distribution");
        browser.screenshots("workflow-upload-refused");
        assertThat(certificateCount()).isEqualTo(certificates);

        String development = uploadProfile(AppleTestPki.profile(ProfileType.DEVELOPMENT, "com.example.refused" + tag)
                .build());
        browser.go(page + "/profile/choose");
        assertThat(browser.driver().findElements(By.id("choice-" + development))).isEmpty();
        browser.go(page);
        assertThat(browser.text(By.cssSelector("#application-certificate .filled"))).isEqualTo("Empty");
        assertThat(browser.text(By.cssSelector("#profile .filled"))).isEqualTo("Empty");

        browser.type(By.id("extension-bundle-id"), "com.example.refused" + tag);
        browser.submit(By.xpath("//button[text()='Add Extension']"));
        assertThat(browser.text(By.cssSelector("#extensions .error"))).contains("is the app's own");
        assertThat(browser.text(By.id("no-extensions"))).isNotEmpty();
    }

    @Test
    void settingsAuthorizeAndDeleteChangeTheWorkflow() {
        String tag = tag();
        AppleWorkflows.Made made = AppleWorkflows.ready(service, "Changed " + tag, Distribution.DEVELOPER_ID);
        String page = "/apple/workflows/" + made.id();
        browser.go(page);
        assertThat(browser.text(By.id("distribution"))).isEqualTo("Developer ID");
        browser.click(By.linkText("Edit"));
        browser.awaitPath(page + "/edit");
        browser.find(By.id("name")).clear();
        browser.type(By.id("name"), "Renamed " + tag);
        browser.screenshots("workflow-edit");
        browser.submit(By.xpath("//button[text()='Save']"));
        browser.awaitPath(page);
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Renamed " + tag);

        JsonNode key = service.createApiKey("Fetcher " + tag);
        browser.click(By.linkText("Authorize"));
        browser.awaitPath(page + "/authorize");
        assertThat(browser.text(By.cssSelector("legend"))).isEqualTo("Which API keys may fetch it");
        browser.click(By.id("scope-chosen"));
        // While all keys may fetch, every box starts ticked: leave only this key's.
        for (var box : browser.driver().findElements(By.name("apiKey"))) {
            if (box.isSelected() != box.getAttribute("value").equals(key.get("id").asText())) {
                box.click();
            }
        }
        browser.screenshots("workflow-authorize");
        browser.submit(By.xpath("//button[text()='Save']"));
        browser.awaitPath(page);
        assertThat(browser.text(By.id("authorized"))).isEqualTo("Fetcher " + tag);

        browser.click(By.linkText("Delete"));
        browser.awaitPath(page + "/delete");
        browser.screenshots("workflow-delete");
        browser.click(By.xpath("//button[text()='Delete']"));
        browser.await(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        browser.awaitPath("/apple/workflows");
        assertThat(workflowNamed("Renamed " + tag)).isNull();
    }

    @Test
    void removingAnExtensionAsksFirstAndKeepsItsProfile() {
        String tag = tag();
        String extension = "com.example.app.share" + tag;
        AppleWorkflows.Made made = AppleWorkflows.ready(service, "Extended " + tag, Distribution.MAC_APP_STORE,
                extension);
        String page = "/apple/workflows/" + made.id();
        browser.go(page);
        By remove = By.cssSelector("#extension-" + extension.replace(".", "\\.") + " button.danger");
        browser.click(remove);
        browser.await(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).dismiss();
        assertThat(browser.driver().findElements(By.id("extension-" + extension))).hasSize(1);

        browser.click(remove);
        browser.await(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent()).accept();
        browser.await(d -> browser.driver().findElements(By.id("extension-" + extension)).isEmpty());
        assertThat(browser.text(By.id("no-extensions"))).isEqualTo("This workflow has no app extensions.");
        assertThat(browser.text(By.cssSelector("#readiness .status"))).isEqualTo("Ready");
        browser.go("/apple/profiles?q=" + extension);
        assertThat(browser.driver().findElements(By.cssSelector("table.profiles tbody tr"))).hasSize(1);
    }

    @Test
    void theListWarnsOfWhatExpiresWithinThirtyDays() throws IOException {
        String tag = tag();
        String bundleId = "com.example.soon" + tag;
        String id = AppleWorkflows.create(service, "Expiring " + tag, bundleId, Distribution.DEVELOPER_ID)
                .get("id").asText();
        TestPki.TestIdentity application = AppleTestPki.certificate(AppleCertificateType.DEVELOPER_ID_APPLICATION,
                AppleTestPki.TEAM_ID);
        AppleWorkflows.uploadCertificate(service, id, "application-certificate", application);
        AppleWorkflows.uploadProfile(service, id, null, AppleTestPki.profile(ProfileType.DEVELOPER_ID, bundleId,
                application).expires(java.time.Instant.now().plus(java.time.Duration.ofDays(9))).build());

        browser.go("/apple/workflows?q=" + tag);
        assertThat(browser.text(By.id("workflow-" + id))).contains("Ready", "Expires soon");
        browser.go("/apple/workflows/" + id);
        assertThat(browser.text(By.cssSelector("main > p.warning"))).contains("expires on");
        assertThat(browser.text(By.id("installer-certificate"))).contains("(optional)", "Optional, empty");
        browser.screenshots("workflow-page-expiring");
    }

    @Test
    void aNonAdminSeesWorkflowsButNoChangeButtonAndIsRefusedTheChangePages() {
        String tag = tag();
        AppleWorkflows.Made made = AppleWorkflows.ready(service, "Viewed " + tag, Distribution.MAC_APP_STORE,
                "com.example.app.share");
        String page = "/apple/workflows/" + made.id();
        String viewer = "viewer-" + tag;
        service.userToken(viewer, false);
        try (var user = io.signingmanager.service.testing.Browser.signedIn(service, viewer, TestService.USER_PASSWORD)) {
            user.go("/apple/workflows");
            assertThat(user.driver().findElements(By.linkText("Create Workflow"))).isEmpty();
            user.go(page);
            assertThat(user.text(By.cssSelector("#readiness .status"))).isEqualTo("Ready");
            for (String button : List.of("Edit", "Authorize", "Delete", "Choose", "Upload", "Choose API keys")) {
                assertThat(user.driver().findElements(By.linkText(button))).as(button).isEmpty();
            }
            assertThat(user.driver().findElements(By.cssSelector("form button"))).extracting(e -> e.getText())
                    .containsOnly("Sign out");
            user.screenshots("workflow-page-user");
            for (String path : List.of("/apple/workflows/new", page + "/edit", page + "/authorize", page + "/delete",
                    page + "/application-certificate/choose", page + "/profile/upload",
                    page + "/extensions/com.example.app.share/profile/choose")) {
                user.go(path);
                assertThat(user.text(By.cssSelector("h1"))).as(path).isEqualTo("Not allowed");
            }
        }
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(files.resolve(tag() + "-" + name), content);
    }

    /** Uploads a profile on the Provisioning Profiles page; answers its id. */
    private static String uploadProfile(byte[] file) throws IOException {
        browser.go("/apple/profiles/upload");
        browser.find(By.id("file")).sendKeys(write("profile.provisionprofile", file).toString());
        browser.submit(By.xpath("//button[text()='Upload']"));
        browser.await(d -> browser.currentPath().matches("/apple/profiles/[0-9a-f-]{36}"));
        String path = browser.currentPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static JsonNode workflowNamed(String name) {
        for (JsonNode workflow : TestService.expect(service.http.get(AppleWorkflows.PATH, service.adminToken()), 200)
                .json()) {
            if (workflow.get("name").asText().equals(name)) {
                return workflow;
            }
        }
        return null;
    }

    private static int certificateCount() {
        return TestService.expect(service.http.get("/api/v1/admin/certificates", service.adminToken()), 200).json()
                .size();
    }
}
