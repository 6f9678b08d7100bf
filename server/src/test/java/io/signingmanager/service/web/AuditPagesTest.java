package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static io.signingmanager.service.web.AuditPagesFixture.UNKNOWN_SHA1;
import static io.signingmanager.service.web.AuditPagesFixture.cell;
import static io.signingmanager.service.web.AuditPagesFixture.only;
import static io.signingmanager.service.web.AuditPagesFixture.signRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.Csv;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Audit pages in a real browser over real signing records: records made through the client
 * protocol show with their type, status, key, client and certificate; filters narrow them; the
 * chain check reports intact, then the tampered record; Manage exports exactly the chosen days.
 * The tests that only read or add a few records of their own share one {@link AuditPagesFixture};
 * a test that adds a page of records or tampers with the chain makes one on a service of its own.
 */
class AuditPagesTest {
    @RunningService
    private static TestService service;
    private static AuditPagesFixture audit;
    private static Browser browser;

    @BeforeAll
    static void signOnTwoDays() throws Exception {
        audit = AuditPagesFixture.signOnTwoDays(service);
        browser = audit.browser;
    }

    @AfterAll
    static void stop() {
        audit.close();
    }

    @Test
    void theAuditListsTheSigningEventsNewestFirstWithTheChainIntact() {
        browser.go("/audit");

        assertThat(browser.text(By.id("chain"))).matches("The audit and its signing log are intact \\(\\d+ records\\)\\.");
        assertThat(browser.text(By.cssSelector("main"))).contains("Records older than 90 days are purged");
        List<WebElement> rows = audit.rows();
        List<Long> ids = audit.ids();
        assertThat(ids).isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(ids).as("every record, as the API lists them").isEqualTo(audit.apiIds("limit=1000"));

        WebElement signed = only(rows, "sign", "success", "build-web");
        assertThat(cell(signed, "apiKey")).isEqualTo("ci-pages");
        assertThat(cell(signed, "certificate")).contains("Audit Page RSA", audit.rsa.sha1());
        assertThat(cell(signed, "algorithm")).isEqualTo("RSA_PKCS1_SHA256");
        assertThat(cell(signed, "remoteAddress")).isNotBlank();
        assertThat(cell(signed, "context")).contains("fileName", "app.jar", "format", "jar");
        assertThat(cell(signed, "reason")).isEmpty();

        WebElement refused = only(rows, "sign", "failure", "build-web");
        assertThat(cell(refused, "certificate")).contains(UNKNOWN_SHA1);
        assertThat(cell(refused, "reason")).startsWith("unknown_certificate");

        WebElement later = only(rows, "sign", "success", "build-later");
        assertThat(cell(later, "apiKey")).isEqualTo("release-pages");
        WebElement register = only(rows, "register", "success", "build-web");
        assertThat(cell(register, "apiKey")).isEqualTo("ci-pages");
        assertThat(rows).anySatisfy(r -> {
            assertThat(cell(r, "type")).isEqualTo("login");
            assertThat(cell(r, "user")).isEqualTo("admin");
        });
        browser.screenshots("audit");
    }

    @Test
    void filteringByFailureShowsOnlyTheFailures() {
        audit.filterBy("status", "failure");

        List<WebElement> rows = audit.rows();
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(cell(r, "status")).isEqualTo("failure"));
        assertThat(audit.ids()).isEqualTo(audit.apiIds("status=failure&limit=1000"));
        assertThat(rows).anySatisfy(r -> assertThat(cell(r, "reason")).startsWith("unknown_certificate"));
        assertThat(new Select(browser.find(By.id("status"))).getFirstSelectedOption().getText()).isEqualTo("failure");
        browser.screenshots("audit-failures");
    }

    @Test
    void filteringByKeyClientTypeAndDaysNarrowsTheList() {
        audit.filterBy("apiKeyId", "release-pages");
        assertThat(browser.driver().getCurrentUrl()).contains("apiKeyId=" + audit.keyB);
        // The key's creation is an admin record about the key.
        assertThat(audit.rows()).extracting(r -> cell(r, "type")).containsExactlyInAnyOrder("sign", "register",
                "admin\napi-key.create");
        assertThat(audit.rows()).filteredOn(r -> !cell(r, "type").startsWith("admin"))
                .allSatisfy(r -> assertThat(cell(r, "client")).isEqualTo("build-later"));

        browser.go("/audit?type=sign&apiKeyId=" + audit.keyA);
        assertThat(audit.rows()).hasSize(2).allSatisfy(r -> assertThat(cell(r, "apiKey")).isEqualTo("ci-pages"));
        assertThat(new Select(browser.find(By.id("type"))).getFirstSelectedOption().getText()).isEqualTo("sign");

        browser.go("/audit?type=sign&from=" + audit.dayThree + "&to=" + audit.dayThree);
        assertThat(audit.rows()).hasSize(1).allSatisfy(r -> assertThat(cell(r, "client")).isEqualTo("build-later"));

        browser.go("/audit?from=" + audit.dayThree.plusDays(5));
        assertThat(browser.text(By.id("no-records"))).isEqualTo("No audit records match.");
        browser.screenshots("audit-empty");
    }

    @Test
    void aBadDateRangeOnTheListIsSaidOnTheFilterForm() {
        browser.go("/audit?from=" + audit.dayThree + "&to=" + audit.dayOne);

        assertThat(browser.text(By.id("filter-error")))
                .isEqualTo("The 'To' date is before the 'From' date. Choose a 'To' date on or after the 'From' date.");
        assertThat(browser.driver().findElements(By.cssSelector("#records"))).isEmpty();
        assertThat(browser.find(By.id("from")).getAttribute("value")).isEqualTo(audit.dayThree.toString());
        browser.screenshots("audit-filter-error");
    }

    @Test
    void manageShowsTheRetentionAndRefusesBadDatesOnTheForm() {
        browser.go("/audit");
        browser.click(By.linkText("Manage"));
        browser.awaitPath("/audit/manage");

        assertThat(browser.text(By.id("retention")))
                .isEqualTo("Records older than 90 days are purged as new records are written.");
        browser.screenshots("audit-manage");

        audit.setDate("from", audit.dayThree);
        audit.setDate("to", audit.dayOne);
        browser.submit(By.cssSelector("#export button[type=submit]"));
        assertThat(browser.text(By.id("export-error"))).contains("is before the 'From' date");
        assertThat(browser.find(By.id("from")).getAttribute("value")).isEqualTo(audit.dayThree.toString());
        browser.screenshots("audit-manage-error");

        browser.go("/audit/export?from=yesterday&to=" + audit.dayOne + "&format=csv");
        assertThat(browser.text(By.id("export-error"))).isEqualTo(
                "The 'From' date is not a date. Write it as year-month-day, for example 2025-01-31.");
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("Manage Audit");
    }

    @Test
    void aCsvExportHoldsExactlyTheRecordsOfTheChosenDaysAfterItsHeader() throws Exception {
        Path file = audit.export(audit.dayOne, "csv");
        List<List<String>> rows = Csv.parse(Files.readString(file));
        assertThat(String.join(",", rows.get(0))).isEqualTo("id,time,requestType,status,reason,apiKeyId,apiKeyName,"
                + "clientId,clientHostname,certificateSha1,certificateName,algorithm,remoteAddress,username,context,"
                + "previousHash,hash,action,objectKind,objectId,objectName,before,after,previousTime,retentionDays,"
                + "signedDigest,certificateSha256,signatureSha256");
        List<Long> exported = rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList();
        assertThat(exported).isEqualTo(audit.oldestFirstOf(audit.dayOne));
        assertThat(audit.apiIds("limit=1000")).as("the range leaves records out").hasSizeGreaterThan(exported.size());
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("sign", "success", "build-web", audit.rsa.sha1()));
        assertThat(rows).noneSatisfy(r -> assertThat(r).contains("build-later"));
    }

    @Test
    void aJsonExportHoldsTheRecordsOfItsDays() throws Exception {
        JsonNode records = Json.mapper().readTree(Files.readAllBytes(audit.export(audit.dayThree, "json")));
        List<Long> exported = StreamSupport.stream(records.spliterator(), false).map(r -> r.get("id").asLong()).toList();
        assertThat(exported).isEqualTo(audit.oldestFirstOf(audit.dayThree));
        assertThat(records).anySatisfy(r -> assertThat(r.get("clientHostname").asText()).isEqualTo("build-later"));
        assertThat(records).noneSatisfy(r -> assertThat(r.path("clientHostname").asText()).isEqualTo("build-web"));
        assertThat(browser.currentPath()).isEqualTo("/audit/manage");
    }

    @Test
    void withoutAnIssuerKeyTheLicensePageSaysUploadsAreRefused() throws Exception {
        browser.go("/license");
        assertThat(browser.text(By.id("no-issuer"))).startsWith("This service has no license issuer key");

        Path file = Files.createTempFile("license", ".json");
        try {
            Files.writeString(file, "{}");
            browser.find(By.id("file")).sendKeys(file.toString());
            browser.submit(By.cssSelector("#upload button[type=submit]"));
            assertThat(browser.text(By.id("upload-error"))).isEqualTo(
                    "No license issuer key is configured; start the service with --license-issuer FILE");
        } finally {
            Files.delete(file);
        }
        assertThat(expect(service.http.get("/api/v1/admin/license", audit.apiAdmin), 200).json()
                .get("licensed").asBoolean()).isFalse();
        browser.screenshots("license-no-issuer");
    }

    @Test
    void aRefusedPageVisitShowsAsAnAdminRecordAndFiltersByActionAndUser() {
        expect(service.http.post("/api/v1/admin/users", audit.apiAdmin,
                Map.of("username", "page-viewer", "password", "initial password 1", "admin", false)), 201);
        String viewer = service.login("page-viewer", "initial password 1");
        expect(service.http.post("/api/v1/auth/password", viewer,
                Map.of("currentPassword", "initial password 1", "newPassword", TestService.USER_PASSWORD)), 200);
        expect(service.http.post("/api/v1/auth/agreement", viewer, null), 200);
        expect(service.http.get("/users", viewer), 403);

        browser.go("/audit");
        new Select(browser.find(By.id("action"))).selectByVisibleText("access.refused");
        browser.find(By.id("username")).sendKeys("page-viewer");
        browser.submit(By.cssSelector("#filters button[type=submit]"));
        browser.await(d -> d.getCurrentUrl().contains("action="));
        assertThat(audit.ids()).hasSize(1).isEqualTo(audit.apiIds("action=access.refused&username=page-viewer"));
        WebElement refused = audit.rows().get(0);
        assertThat(cell(refused, "type")).isEqualTo("admin\naccess.refused");
        assertThat(cell(refused, "status")).isEqualTo("failure");
        assertThat(cell(refused, "user")).isEqualTo("page-viewer");
        assertThat(cell(refused, "object")).isEqualTo("page GET /users");
        assertThat(browser.find(By.id("username")).getAttribute("value")).isEqualTo("page-viewer");

        browser.go("/audit?type=admin&action=user.create");
        WebElement created = only(audit.rows(), "admin\nuser.create", "success", "");
        assertThat(cell(created, "object")).isEqualTo("user page-viewer");
        assertThat(cell(created, "changes")).contains("admin", "false", "username", "page-viewer");
        browser.screenshots("audit-admin");
    }

    @Test
    void moreRecordsThanAPageArePagedNewestFirst() throws Exception {
        try (TestService mine = TestService.start();
                AuditPagesFixture own = AuditPagesFixture.signOnTwoDays(mine)) {
            SigningServiceClient client = mine.protocolClient();
            JsonNode key = expect(mine.http.post("/api/v1/admin/api-keys", own.apiAdmin, Map.of("name", "paging")), 201)
                    .json();
            String token = client.register(key.get("key").asText(), new RegisterRequest("pager", "Linux", "1.0"))
                    .clientToken();
            for (int i = 0; i < AuditPages.PAGE_SIZE + 4; i++) {
                client.sign(token, signRequest(own.rsa.sha1()));
            }
            List<Long> all = own.apiIds("clientId=" + client.whoami(token).client().id() + "&limit=1000");
            assertThat(all).hasSize(AuditPages.PAGE_SIZE + 5);

            own.filterBy("clientId", "pager (paging)");
            assertThat(own.browser.text(By.id("shown"))).isEqualTo("Records 1 to 50 of 55");
            assertThat(own.ids()).isEqualTo(all.subList(0, 50));
            assertThat(own.browser.driver().findElements(By.linkText("Newer records"))).isEmpty();

            own.browser.click(By.linkText("Older records"));
            own.browser.await(d -> d.getCurrentUrl().contains("offset=50"));
            assertThat(own.browser.text(By.id("shown"))).isEqualTo("Records 51 to 55 of 55");
            assertThat(own.ids()).isEqualTo(all.subList(50, 55));
            assertThat(own.browser.driver().findElements(By.linkText("Older records"))).isEmpty();
            own.browser.script().executeScript("window.scrollTo(0, document.body.scrollHeight)");
            own.browser.screenshots("audit-older");

            own.browser.click(By.linkText("Newer records"));
            own.browser.await(d -> !d.getCurrentUrl().contains("offset="));
            assertThat(own.ids()).isEqualTo(all.subList(0, 50));
        }
    }

    @Test
    void aTamperedRecordIsNamedAsTheFirstBrokenOne() throws Exception {
        try (TestService mine = TestService.start();
                AuditPagesFixture own = AuditPagesFixture.signOnTwoDays(mine)) {
            List<Long> signed = own.apiIds("type=sign&status=success&limit=1000");
            long target = signed.get(signed.size() - 1);
            mine.service.database().transaction(c ->
                    Sql.update(c, "UPDATE audit_records SET reason = ? WHERE id = ?", "nothing happened here", target));

            own.browser.go("/audit");
            assertThat(own.browser.text(By.id("chain"))).startsWith("The audit is broken at record " + target
                    + ": its content does not match its hash.");
            assertThat(own.browser.find(By.id("chain")).getAttribute("class")).isEqualTo("warning");
            own.browser.screenshots("audit-chain-broken");
        }
    }
}
