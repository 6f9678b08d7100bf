package io.signingmanager.service.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.signingmanager.service.backup.Restore;
import io.signingmanager.service.backup.RestoreReport;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.Inventory;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The Backup page in a real browser, for an admin: the main page says no backup was taken and leads here;
 * passphrases that differ or are short are refused in words with nothing taken; a download restores; a
 * schedule is set (its first backup written at once), refused with a bad folder keeping what was typed,
 * its failure shown here and on the main page, and stopped. Non-admins are {@link RolePagesTest}'s.
 */
class BackupPagesTest {
    private static final String PASSPHRASE = "correct horse battery staple";
    @TempDir
    Path folder;
    private TestService service;
    private Browser browser;

    @BeforeEach
    void start() {
        assumeFalse(TestPostgres.inUse(), "PostgreSQL is backed up with pg_dump");
        service = TestService.start();
        service.adminToken(); // takes the admin through the first sign-in steps
        browser = Browser.signedIn(service, "admin", TestService.ADMIN_PASSWORD);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            Browser.closeChecked(browser);
            service.close();
        }
    }

    @Test
    void theMainPageLeadsToTheBackupPageWhichRefusesBadPassphrasesAndDownloadsABackupThatRestores() throws Exception {
        browser.go("/");
        assertThat(browser.text(By.id("backup-none"))).isEqualTo("No backup has been taken yet: download or schedule one.");
        browser.click(By.linkText("download or schedule one"));
        browser.awaitPath("/backup");
        assertThat(browser.text(By.id("no-backup"))).startsWith("No backup has been taken yet.");
        browser.screenshots("backup-none");
        long records = Inventory.auditTotal(service);

        fillDownload(PASSPHRASE, PASSPHRASE + " ");
        assertThat(browser.text(By.id("download-error"))).isEqualTo("The two passphrases differ; type the same one twice.");
        assertThat(browser.find(By.id("passphrase")).getAttribute("value")).as("never sent back").isEmpty();
        browser.screenshots("backup-download-error");
        // The browser holds back a passphrase under 12 characters; without its check, the service refuses it.
        browser.script().executeScript("document.querySelectorAll('[minlength]').forEach(f => f.removeAttribute('minlength'))");
        fillDownload("too short", "too short");
        assertThat(browser.text(By.id("download-error"))).isEqualTo("The passphrase must have at least 12 characters.");
        assertThat(Inventory.auditTotal(service)).as("nothing taken").isEqualTo(records);

        browser.click(By.id("includeMasterKey"));
        fillDownload(PASSPHRASE, PASSPHRASE);
        Path backup = browser.awaitDownload(".age");

        assertThat(backup.getFileName().toString()).matches("signing-service-backup-\\d{8}T\\d{6}Z\\.age");
        RestoreReport report;
        try (InputStream in = Files.newInputStream(backup)) {
            report = Restore.into(in, PASSPHRASE.toCharArray(), folder.resolve("restored"), Optional.empty());
        }
        assertThat(report.masterKeyFromBackup()).isTrue();
        assertThat(Inventory.lastAuditRecord(service).get("objectName").asText())
                .isEqualTo("download by admin, with the master key");
        browser.go("/");
        assertThat(browser.text(By.id("backup-last"))).startsWith("Last good backup: ").contains("(download by admin).",
                "None scheduled.");
        browser.screenshots("main-backup-downloaded");
    }

    @Test
    void aScheduleIsSetShownRefusedWithABadFolderShownFailingAndStopped() throws Exception {
        Path backups = Files.createDirectories(folder.resolve("backups"));
        browser.go("/backup");
        assertThat(browser.text(By.id("no-schedule"))).startsWith("No backups are scheduled.");

        fillSchedule("relative/folder", "12", "3", PASSPHRASE);
        assertThat(browser.text(By.id("schedule-error")))
                .isEqualTo("Give the folder as an absolute path, such as /var/backups/signing-service.");
        assertThat(browser.find(By.id("folder")).getAttribute("value")).isEqualTo("relative/folder");
        assertThat(browser.find(By.id("intervalHours")).getAttribute("value")).isEqualTo("12");
        scrollTo("schedule");
        browser.screenshots("backup-schedule-error");

        fillSchedule(backups.toString(), "12", "3", PASSPHRASE);
        assertThat(browser.text(By.cssSelector(".notice"))).isEqualTo("Scheduled backups are saved.");
        assertThat(browser.text(By.id("schedule-summary"))).startsWith("Every 12 hours into " + backups + ", the newest 3 kept.");
        assertThat(browser.text(By.id("last-good-by"))).isEqualTo("schedule");
        assertThat(Path.of(browser.text(By.id("last-good-file")))).exists().hasParent(backups);
        assertThat(browser.find(By.id("schedulePassphrase")).getAttribute("required")).as("kept when left empty").isNull();
        browser.screenshots("backup-scheduled-last");
        scrollTo("schedule");
        browser.screenshots("backup-scheduled");

        Files.move(backups, folder.resolve("moved"));
        service.clock.advance(Duration.ofHours(12));
        service.service.backups().runDue();
        browser.signIn("admin", TestService.ADMIN_PASSWORD);
        assertThat(browser.text(By.id("backup-failure"))).contains("failed: There is no folder " + backups);
        browser.screenshots("main-backup-failure");
        browser.go("/backup");
        assertThat(browser.text(By.id("last-failure"))).contains("failed: There is no folder " + backups);
        browser.screenshots("backup-failure");

        browser.click(By.cssSelector("#unschedule button[type=submit]"));
        browser.driver().switchTo().alert().accept();
        browser.awaitPath("/backup");
        assertThat(browser.text(By.cssSelector(".notice"))).startsWith("Scheduled backups are stopped.");
        assertThat(browser.text(By.id("no-schedule"))).startsWith("No backups are scheduled.");
        assertThat(MasterKey.load(null, service.data.resolve("data"))).hasSize(32);
    }

    private void scrollTo(String id) {
        browser.script().executeScript("arguments[0].scrollIntoView()", browser.find(By.id(id)));
    }

    private void fillDownload(String passphrase, String again) {
        browser.type(By.id("passphrase"), passphrase);
        browser.type(By.id("confirmPassphrase"), again);
        if (passphrase.equals(again) && passphrase.length() >= 12) {
            // A download leaves the page as it is.
            browser.click(By.cssSelector("#download-form button[type=submit]"));
        } else {
            browser.submit(By.cssSelector("#download-form button[type=submit]"));
        }
    }

    private void fillSchedule(String target, String hours, String keep, String passphrase) {
        browser.type(By.id("folder"), target);
        browser.type(By.id("intervalHours"), hours);
        browser.type(By.id("keep"), keep);
        browser.type(By.id("schedulePassphrase"), passphrase);
        browser.type(By.id("scheduleConfirmPassphrase"), passphrase);
        browser.submit(By.cssSelector("#schedule-form button[type=submit]"));
    }
}
