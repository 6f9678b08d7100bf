package io.signingmanager.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Provisioning Profiles pages under the Apple menu: upload through the file chooser, the
 * profile's page, Download, Replace, Delete, refusals on the form, and what a non-admin sees.
 */
class ProfilePagesTest extends AdminPagesJourney {
    @TempDir
    static Path files;

    @Test
    void anUploadedProfileShowsItsFieldsAndItsCertificatesLinkedToOurs() throws IOException {
        String tag = tag();
        TestPki.TestIdentity held = AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID);
        String heldId = service.importP12(held.p12("pw"), "pw").get("id").asText();
        TestPki.TestIdentity other = AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID);
        AppleTestPki.Profile profile = AppleTestPki.profile(ProfileType.APP_STORE, "com.example." + tag, held, other)
                .name("Shown " + tag).entitlement("com.apple.security.app-sandbox", true);

        browser.go("/apple");
        assertThat(browser.find(By.cssSelector("nav[aria-label='Main menu'] a[aria-current=page]")).getText())
                .isEqualTo("Apple");
        browser.go("/apple/profiles");
        assertThat(browser.find(By.cssSelector("nav.tabs a[aria-current=page]")).getText())
                .isEqualTo("Provisioning Profiles");
        browser.click(By.linkText("Upload Provisioning Profile"));
        browser.awaitPath("/apple/profiles/upload");
        assertThat(browser.find(By.id("file")).getAttribute("accept")).isEqualTo(".provisionprofile,.mobileprovision");
        browser.screenshots("profile-upload");
        byte[] file = profile.build();
        choose("shown.provisionprofile", file);
        browser.submit(By.xpath("//button[text()='Upload']"));

        browser.await(d -> browser.currentPath().matches("/apple/profiles/[0-9a-f-]{36}"));
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Shown " + tag);
        assertThat(browser.text(By.id("uuid"))).isEqualTo(profile.uuid());
        assertThat(browser.text(By.id("team"))).isEqualTo(AppleTestPki.TEAM_ID + " " + AppleTestPki.TEAM_NAME);
        assertThat(browser.text(By.id("app-id-name"))).isEqualTo("Example App");
        assertThat(browser.text(By.id("application-identifier"))).isEqualTo(AppleTestPki.TEAM_ID + ".com.example." + tag);
        assertThat(browser.text(By.id("platform"))).isEqualTo("macOS");
        assertThat(browser.text(By.id("type"))).isEqualTo("App Store");
        assertThat(browser.text(By.id("devices"))).isEqualTo("None listed");
        assertThat(browser.text(By.id("expires"))).doesNotContain("Expire");
        assertThat(browser.text(By.id("certificates"))).contains(held.sha1(), other.sha1(), "not held here");
        assertThat(browser.find(By.xpath("//ul[@id='certificates']//a")).getAttribute("href"))
                .endsWith("/certificates/" + heldId);
        assertThat(browser.text(By.id("entitlements"))).contains("com.apple.security.app-sandbox", "true",
                "keychain-access-groups", AppleTestPki.TEAM_ID + ".*");
        assertThat(browser.text(By.cssSelector("p.back a"))).isEqualTo("← Provisioning Profiles");
        browser.screenshots("profile-page");
        String page = browser.currentPath();

        browser.click(By.linkText("Download"));
        assertThat(Files.readAllBytes(browser.awaitDownload(".provisionprofile"))).isEqualTo(file);

        browser.go("/apple/profiles?q=" + tag);
        assertThat(browser.find(By.id("profile-" + page.substring(page.lastIndexOf('/') + 1))).getText())
                .contains("Shown " + tag, "com.example." + tag, "App Store", AppleTestPki.TEAM_ID);
        browser.screenshots("profiles-list");
    }

    @Test
    void emptyListsSayWhatGoesInThem() {
        // Empty lists need a service of their own: the other tests' workflows and profiles share this one.
        TestService empty = TestService.start();
        empty.adminToken();
        try (empty; Browser admin = Browser.signedIn(empty, "admin", TestService.ADMIN_PASSWORD)) {
            admin.go("/apple/workflows");
            assertThat(admin.text(By.cssSelector(".empty"))).contains("There are no workflows yet", "Create Workflow");
            admin.screenshots("workflows-empty");
            admin.click(By.linkText("Provisioning Profiles"));
            admin.awaitPath("/apple/profiles");
            assertThat(admin.text(By.cssSelector(".empty"))).contains("There are no provisioning profiles yet",
                    "Upload Provisioning Profile");
            admin.screenshots("profiles-empty");
        }
    }

    @Test
    void theListWarnsOfProfilesThatExpireWithinThirtyDays() throws IOException {
        String tag = tag();
        upload(AppleTestPki.profile(ProfileType.DEVELOPER_ID, "com.example.soon" + tag).name("Soon " + tag)
                .expires(Instant.now().plus(Duration.ofDays(12)).plus(Duration.ofHours(1))).build());

        browser.go("/apple/profiles?q=" + tag);
        assertThat(browser.text(By.cssSelector("table.profiles .status.soon"))).isEqualTo("Expires in 12 days");
        browser.click(By.linkText("Soon " + tag));
        assertThat(browser.text(By.cssSelector("#expires .status"))).isEqualTo("Expires in 12 days");
        assertThat(browser.text(By.cssSelector(".warning"))).isNotEmpty();
    }

    @Test
    void aRefusedUploadIsSaidOnTheFormAndNothingIsStored() throws IOException {
        int before = listed();
        browser.go("/apple/profiles/upload");
        choose("not-cms.provisionprofile", "<?xml version=\"1.0\"?><plist/>".getBytes());
        browser.submit(By.xpath("//button[text()='Upload']"));

        assertThat(browser.currentPath()).isEqualTo("/apple/profiles/upload");
        assertThat(browser.text(By.cssSelector(".error"))).startsWith("The file is not a provisioning profile");
        browser.screenshots("profile-upload-refused");
        byte[] good = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.cut" + tag()).build();
        choose("truncated.provisionprofile", Arrays.copyOf(good, good.length / 2));
        browser.submit(By.xpath("//button[text()='Upload']"));
        assertThat(browser.text(By.cssSelector(".error"))).isNotBlank();
        assertThat(listed()).isEqualTo(before);
    }

    @Test
    void replaceTakesANewerProfileAndRefusesOneForAnotherApp() throws IOException {
        String tag = tag();
        String bundleId = "com.example.renewed" + tag;
        String id = upload(AppleTestPki.profile(ProfileType.APP_STORE, bundleId).name("Old " + tag).build());
        browser.go("/apple/profiles/" + id);
        browser.click(By.linkText("Replace"));
        browser.awaitPath("/apple/profiles/" + id + "/replace");
        choose("other.provisionprofile", AppleTestPki.profile(ProfileType.APP_STORE, "com.example.other" + tag).build());
        browser.submit(By.xpath("//button[text()='Replace']"));
        assertThat(browser.text(By.cssSelector(".error"))).contains("com.example.other" + tag);
        browser.screenshots("profile-replace-refused");

        AppleTestPki.Profile renewed = AppleTestPki.profile(ProfileType.APP_STORE, bundleId).name("Renewed " + tag)
                .created(Instant.now());
        choose("renewed.provisionprofile", renewed.build());
        browser.submit(By.xpath("//button[text()='Replace']"));
        browser.awaitPath("/apple/profiles/" + id);
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Renewed " + tag);
        assertThat(browser.text(By.id("uuid"))).isEqualTo(renewed.uuid());
    }

    @Test
    void deleteAsksFirstThenRemovesTheProfile() throws IOException {
        String tag = tag();
        String id = upload(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.gone" + tag).name("Gone " + tag).build());
        browser.go("/apple/profiles/" + id);
        browser.click(By.linkText("Delete"));
        browser.awaitPath("/apple/profiles/" + id + "/delete");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Delete Gone " + tag + "?");
        browser.screenshots("profile-delete");

        browser.click(By.xpath("//button[text()='Delete']"));
        Alert question = browser.await(ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).startsWith("Delete Gone " + tag + "?");
        question.dismiss();
        browser.go("/apple/profiles/" + id);
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Gone " + tag);

        browser.go("/apple/profiles/" + id + "/delete");
        browser.click(By.xpath("//button[text()='Delete']"));
        browser.await(ExpectedConditions.alertIsPresent()).accept();
        browser.awaitPath("/apple/profiles");
        browser.go("/apple/profiles/" + id);
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Page not found");
    }

    @Test
    void aNonAdminSeesProfilesButNoChangeButtonAndIsRefusedTheChangePages() throws IOException {
        String tag = tag();
        String id = upload(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.seen" + tag).name("Seen " + tag).build());
        String viewer = "viewer-" + tag;
        service.userToken(viewer, false);
        try (Browser user = Browser.signedIn(service, viewer, TestService.USER_PASSWORD)) {
            user.go("/apple/profiles");
            assertThat(user.driver().findElements(By.linkText("Upload Provisioning Profile"))).isEmpty();
            user.go("/apple/profiles/" + id);
            assertThat(user.text(By.cssSelector("h1"))).isEqualTo("Seen " + tag);
            assertThat(user.driver().findElements(By.cssSelector("main > .heading .actions a")).stream()
                    .map(a -> a.getText()).toList()).containsExactly("Download");
            user.screenshots("profile-page-user");
            for (String path : List.of("/apple/profiles/upload", "/apple/profiles/" + id + "/replace",
                    "/apple/profiles/" + id + "/delete")) {
                user.go(path);
                assertThat(user.text(By.cssSelector("h1"))).as(path).isEqualTo("Not allowed");
            }
        }
        browser.go("/apple/profiles/" + id);
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Seen " + tag);
    }

    /** Uploads through the page and answers the new profile's id. */
    private static String upload(byte[] file) throws IOException {
        browser.go("/apple/profiles/upload");
        choose("upload-" + tag() + ".provisionprofile", file);
        browser.submit(By.xpath("//button[text()='Upload']"));
        browser.await(d -> browser.currentPath().matches("/apple/profiles/[0-9a-f-]{36}"));
        String path = browser.currentPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static void choose(String name, byte[] content) throws IOException {
        browser.find(By.id("file")).sendKeys(Files.write(files.resolve(name), content).toString());
    }

    /** How many profiles the list holds (fewer than a page in this class). */
    private static int listed() {
        browser.go("/apple/profiles");
        return browser.driver().findElements(By.cssSelector("table.profiles tbody tr")).size();
    }
}
