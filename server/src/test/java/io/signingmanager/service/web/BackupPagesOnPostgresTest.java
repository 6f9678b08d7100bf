package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.Http;
import io.signingmanager.service.testing.TestPostgres;
import io.signingmanager.service.testing.TestService;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A service on PostgreSQL does not back its database up itself (pg_dump does): the Backup page and the main
 * page say so, the API refuses a download and a schedule in words, and the diagnostics say who takes backups.
 */
class BackupPagesOnPostgresTest {
    @Test
    void thePagesSayPgDumpBacksUpPostgresqlAndTheApiRefusesBackupsInWords() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (TestPostgres postgres = TestPostgres.start();
             TestService service = TestService.start(config -> config.withSharedDatabase(postgres.database("pages"),
                     Base64.getEncoder().encodeToString(key)))) {
            String admin = service.adminToken();
            Browser browser = Browser.signedIn(service, "admin", TestService.ADMIN_PASSWORD);
            try {
                browser.go("/");
                assertThat(browser.text(By.id("backup-postgresql"))).startsWith("The database is PostgreSQL: back it up with pg_dump");
                browser.go("/backup");
                assertThat(browser.text(By.id("postgresql"))).contains("pg_dump --format=custom", "pg_restore", "master key");
                assertThat(browser.driver().findElements(By.id("download-form"))).isEmpty();
                browser.screenshots("backup-postgresql");
            } finally {
                Browser.closeChecked(browser);
            }

            Http.Answer download = service.http.post("/api/v1/admin/backup", admin, Map.of("passphrase", "a long passphrase"));
            assertThat(download.status()).isEqualTo(409);
            assertThat(download.error()).isEqualTo("conflict");
            assertThat(download.json().get("message").asText()).startsWith("This service keeps its data in PostgreSQL: back it up with pg_dump");
            assertThat(service.http.put("/api/v1/admin/backup/schedule", admin, Map.of("folder", "/tmp", "intervalHours", 1,
                    "keep", 1, "passphrase", "a long passphrase")).status()).isEqualTo(409);
            assertThat(expect(service.http.get("/api/v1/admin/backup", admin), 200).json().get("embedded").asBoolean()).isFalse();
            JsonNode backup = expect(service.http.get("/api/v1/diagnostics", admin), 200).json().get("backup");
            assertThat(backup.get("takenByService").asBoolean()).isFalse();
            assertThat(backup.get("scheduled").asBoolean()).isFalse();
        }
    }
}
