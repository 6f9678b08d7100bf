package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.Csv;
import io.signingmanager.service.testing.RunningService;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Audit pages in a real browser over real signing records: records made through the client
 * protocol show with their type, status, key, client and certificate; filters narrow them; the
 * chain check reports intact, then the tampered record; Manage exports exactly the chosen days.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditPagesTest {
    private static final byte[] FILE = "the jar the pages audit".getBytes(StandardCharsets.UTF_8);
    private static final String UNKNOWN_SHA1 = "0".repeat(40);
    @RunningService
    private static TestService service;
    private static Browser browser;
    private static TestPki.TestIdentity rsa;
    private static String keyA;
    private static String keyB;
    private static LocalDate dayOne;
    private static LocalDate dayThree;
    // Signed in on the third day (sessions last hours): the API calls checking what the pages show.
    private static String apiAdmin;

    @BeforeAll
    static void signOnTwoDays() throws Exception {
        // Noon UTC, so the records of a "day" cannot straddle midnight however long the setup takes.
        Instant now = service.clock.instant();
        Instant noon = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atTime(12, 0).toInstant(ZoneOffset.UTC);
        service.clock.advance(Duration.between(now, noon));
        dayOne = LocalDate.ofInstant(service.clock.instant(), ZoneOffset.UTC);

        rsa = TestPki.rsa(2048, "Audit Page RSA");
        service.importP12(rsa.p12("pw"), "pw");
        JsonNode a = service.createApiKey("ci-pages");
        JsonNode b = service.createApiKey("release-pages");
        keyA = a.get("id").asText();
        keyB = b.get("id").asText();
        SigningServiceClient client = service.protocolClient();
        String tokenA = client.register(a.get("key").asText(), new RegisterRequest("build-web", "Linux", "1.0"))
                .clientToken();
        client.sign(tokenA, signRequest(rsa.sha1()));
        assertThatThrownBy(() -> client.sign(tokenA, signRequest(UNKNOWN_SHA1)))
                .isInstanceOfSatisfying(SigningServiceException.class,
                        e -> assertThat(e.error()).isEqualTo("unknown_certificate"));

        service.clock.advance(Duration.ofDays(2));
        dayThree = LocalDate.ofInstant(service.clock.instant(), ZoneOffset.UTC);
        String tokenB = client.register(b.get("key").asText(), new RegisterRequest("build-later", "Linux", "1.0"))
                .clientToken();
        client.sign(tokenB, signRequest(rsa.sha1()));
        apiAdmin = service.login("admin", TestService.ADMIN_PASSWORD);

        browser = Browser.signedIn(service, "admin", TestService.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        Browser.closeChecked(browser);
    }

    @Test
    @Order(1)
    void theAuditListsTheSigningEventsNewestFirstWithTheChainIntact() {
        browser.go("/audit");

        assertThat(browser.text(By.id("chain"))).matches("The audit chain is intact \\(\\d+ records\\)\\.");
        assertThat(browser.text(By.cssSelector("main"))).contains("Records older than 90 days are purged");
        List<WebElement> rows = rows();
        List<Long> ids = ids();
        assertThat(ids).isSortedAccordingTo((x, y) -> Long.compare(y, x));
        assertThat(ids).as("every record, as the API lists them").isEqualTo(apiIds("limit=1000"));

        WebElement signed = only(rows, "sign", "success", "build-web");
        assertThat(cell(signed, "apiKey")).isEqualTo("ci-pages");
        assertThat(cell(signed, "certificate")).contains("Audit Page RSA", rsa.sha1());
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
    @Order(2)
    void filteringByFailureShowsOnlyTheFailures() {
        filterBy("status", "failure");

        List<WebElement> rows = rows();
        assertThat(rows).isNotEmpty().allSatisfy(r -> assertThat(cell(r, "status")).isEqualTo("failure"));
        assertThat(ids()).isEqualTo(apiIds("status=failure&limit=1000"));
        assertThat(rows).anySatisfy(r -> assertThat(cell(r, "reason")).startsWith("unknown_certificate"));
        assertThat(new Select(browser.find(By.id("status"))).getFirstSelectedOption().getText()).isEqualTo("failure");
        browser.screenshots("audit-failures");
    }

    @Test
    @Order(3)
    void filteringByKeyClientTypeAndDaysNarrowsTheList() {
        filterBy("apiKeyId", "release-pages");
        assertThat(browser.driver().getCurrentUrl()).contains("apiKeyId=" + keyB);
        // The key's creation is an admin record about the key.
        assertThat(rows()).extracting(r -> cell(r, "type")).containsExactlyInAnyOrder("sign", "register",
                "admin\napi-key.create");
        assertThat(rows()).filteredOn(r -> !cell(r, "type").startsWith("admin"))
                .allSatisfy(r -> assertThat(cell(r, "client")).isEqualTo("build-later"));

        browser.go("/audit?type=sign&apiKeyId=" + keyA);
        assertThat(rows()).hasSize(2).allSatisfy(r -> assertThat(cell(r, "apiKey")).isEqualTo("ci-pages"));
        assertThat(new Select(browser.find(By.id("type"))).getFirstSelectedOption().getText()).isEqualTo("sign");

        browser.go("/audit?type=sign&from=" + dayThree + "&to=" + dayThree);
        assertThat(rows()).hasSize(1).allSatisfy(r -> assertThat(cell(r, "client")).isEqualTo("build-later"));

        browser.go("/audit?from=" + dayThree.plusDays(5));
        assertThat(browser.text(By.id("no-records"))).isEqualTo("No audit records match.");
        browser.screenshots("audit-empty");
    }

    @Test
    @Order(4)
    void aBadDateRangeOnTheListIsSaidOnTheFilterForm() {
        browser.go("/audit?from=" + dayThree + "&to=" + dayOne);

        assertThat(browser.text(By.id("filter-error")))
                .isEqualTo("The 'To' date is before the 'From' date. Choose a 'To' date on or after the 'From' date.");
        assertThat(browser.driver().findElements(By.cssSelector("#records"))).isEmpty();
        assertThat(browser.find(By.id("from")).getAttribute("value")).isEqualTo(dayThree.toString());
        browser.screenshots("audit-filter-error");
    }

    @Test
    @Order(5)
    void manageShowsTheRetentionAndRefusesBadDatesOnTheForm() {
        browser.go("/audit");
        browser.click(By.linkText("Manage"));
        browser.awaitPath("/audit/manage");

        assertThat(browser.text(By.id("retention")))
                .isEqualTo("Records older than 90 days are purged as new records are written.");
        browser.screenshots("audit-manage");

        setDate("from", dayThree);
        setDate("to", dayOne);
        browser.submit(By.cssSelector("#export button[type=submit]"));
        assertThat(browser.text(By.id("export-error"))).contains("is before the 'From' date");
        assertThat(browser.find(By.id("from")).getAttribute("value")).isEqualTo(dayThree.toString());
        browser.screenshots("audit-manage-error");

        browser.go("/audit/export?from=yesterday&to=" + dayOne + "&format=csv");
        assertThat(browser.text(By.id("export-error"))).isEqualTo(
                "The 'From' date is not a date. Write it as year-month-day, for example 2025-01-31.");
        assertThat(browser.find(By.cssSelector("h1")).getText()).isEqualTo("Manage Audit");
    }

    @Test
    @Order(6)
    void aCsvExportHoldsExactlyTheRecordsOfTheChosenDaysAfterItsHeader() throws Exception {
        Path file = export(dayOne, "csv");
        List<List<String>> rows = Csv.parse(Files.readString(file));
        assertThat(String.join(",", rows.get(0))).isEqualTo("id,time,requestType,status,reason,apiKeyId,apiKeyName,"
                + "clientId,clientHostname,certificateSha1,certificateName,algorithm,remoteAddress,username,context,"
                + "previousHash,hash,action,objectKind,objectId,objectName,before,after,previousTime,retentionDays");
        List<Long> exported = rows.subList(1, rows.size()).stream().map(r -> Long.parseLong(r.get(0))).toList();
        assertThat(exported).isEqualTo(oldestFirstOf(dayOne));
        assertThat(apiIds("limit=1000")).as("the range leaves records out").hasSizeGreaterThan(exported.size());
        assertThat(rows).anySatisfy(r -> assertThat(r).contains("sign", "success", "build-web", rsa.sha1()));
        assertThat(rows).noneSatisfy(r -> assertThat(r).contains("build-later"));
    }

    @Test
    @Order(7)
    void aJsonExportHoldsTheRecordsOfItsDays() throws Exception {
        JsonNode records = Json.mapper().readTree(Files.readAllBytes(export(dayThree, "json")));
        List<Long> exported = StreamSupport.stream(records.spliterator(), false).map(r -> r.get("id").asLong()).toList();
        assertThat(exported).isEqualTo(oldestFirstOf(dayThree));
        assertThat(records).anySatisfy(r -> assertThat(r.get("clientHostname").asText()).isEqualTo("build-later"));
        assertThat(records).noneSatisfy(r -> assertThat(r.path("clientHostname").asText()).isEqualTo("build-web"));
        assertThat(browser.currentPath()).isEqualTo("/audit/manage");
    }

    @Test
    @Order(8)
    void moreRecordsThanAPageArePagedNewestFirst() throws Exception {
        SigningServiceClient client = service.protocolClient();
        JsonNode key = expect(service.http.post("/api/v1/admin/api-keys", apiAdmin, Map.of("name", "paging")), 201).json();
        String token = client.register(key.get("key").asText(), new RegisterRequest("pager", "Linux", "1.0"))
                .clientToken();
        for (int i = 0; i < AuditPages.PAGE_SIZE + 4; i++) {
            client.sign(token, signRequest(rsa.sha1()));
        }
        List<Long> all = apiIds("clientId=" + client.whoami(token).client().id() + "&limit=1000");
        assertThat(all).hasSize(AuditPages.PAGE_SIZE + 5);

        filterBy("clientId", "pager (paging)");
        assertThat(browser.text(By.id("shown"))).isEqualTo("Records 1 to 50 of 55");
        assertThat(ids()).isEqualTo(all.subList(0, 50));
        assertThat(browser.driver().findElements(By.linkText("Newer records"))).isEmpty();

        browser.click(By.linkText("Older records"));
        browser.await(d -> d.getCurrentUrl().contains("offset=50"));
        assertThat(browser.text(By.id("shown"))).isEqualTo("Records 51 to 55 of 55");
        assertThat(ids()).isEqualTo(all.subList(50, 55));
        assertThat(browser.driver().findElements(By.linkText("Older records"))).isEmpty();
        browser.script().executeScript("window.scrollTo(0, document.body.scrollHeight)");
        browser.screenshots("audit-older");

        browser.click(By.linkText("Newer records"));
        browser.await(d -> !d.getCurrentUrl().contains("offset="));
        assertThat(ids()).isEqualTo(all.subList(0, 50));
    }

    @Test
    @Order(9)
    void aTamperedRecordIsNamedAsTheFirstBrokenOne() {
        List<Long> signed = apiIds("type=sign&status=success&limit=1000");
        long target = signed.get(signed.size() - 1);
        service.service.database().transaction(c ->
                Sql.update(c, "UPDATE audit_records SET reason = ? WHERE id = ?", "nothing happened here", target));

        browser.go("/audit");
        assertThat(browser.text(By.id("chain"))).startsWith("The audit chain is broken at record " + target
                + ": its content does not match its hash.");
        assertThat(browser.find(By.id("chain")).getAttribute("class")).isEqualTo("warning");
        browser.screenshots("audit-chain-broken");
    }

    @Test
    @Order(10)
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
        assertThat(expect(service.http.get("/api/v1/admin/license", apiAdmin), 200).json().get("licensed").asBoolean())
                .isFalse();
        browser.screenshots("license-no-issuer");
    }

    // --- helpers

    private static SignRequest signRequest(String sha1) {
        byte[] digest = HashAlgorithm.SHA256.digest(FILE);
        return new SignRequest(sha1, "RSA_PKCS1_SHA256", Base64.getEncoder().encodeToString(digest),
                new SignContext("app.jar", null, "jar", null));
    }

    @Test
    @Order(11)
    void aRefusedPageVisitShowsAsAnAdminRecordAndFiltersByActionAndUser() {
        expect(service.http.post("/api/v1/admin/users", apiAdmin,
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
        assertThat(ids()).hasSize(1).isEqualTo(apiIds("action=access.refused&username=page-viewer"));
        WebElement refused = rows().get(0);
        assertThat(cell(refused, "type")).isEqualTo("admin\naccess.refused");
        assertThat(cell(refused, "status")).isEqualTo("failure");
        assertThat(cell(refused, "user")).isEqualTo("page-viewer");
        assertThat(cell(refused, "object")).isEqualTo("page GET /users");
        assertThat(browser.find(By.id("username")).getAttribute("value")).isEqualTo("page-viewer");

        browser.go("/audit?type=admin&action=user.create");
        WebElement created = only(rows(), "admin\nuser.create", "success", "");
        assertThat(cell(created, "object")).isEqualTo("user page-viewer");
        assertThat(cell(created, "changes")).contains("admin", "false", "username", "page-viewer");
        browser.screenshots("audit-admin");
    }

    /** The ids the JSON API lists for the query, newest first. */
    private static List<Long> apiIds(String query) {
        JsonNode page = expect(service.http.get("/api/v1/admin/audit?" + query, apiAdmin), 200).json();
        return StreamSupport.stream(page.get("records").spliterator(), false).map(r -> r.get("id").asLong()).toList();
    }

    /** Chooses one option of the filter form on a fresh list and applies it. */
    private static void filterBy(String select, String option) {
        browser.go("/audit");
        new Select(browser.find(By.id(select))).selectByVisibleText(option);
        browser.submit(By.cssSelector("#filters button[type=submit]"));
        browser.await(d -> d.getCurrentUrl().contains(select + "="));
    }

    private static List<WebElement> rows() {
        browser.find(By.cssSelector("h1"));
        return browser.driver().findElements(By.cssSelector("#records tbody tr"));
    }

    private static List<Long> ids() {
        return rows().stream().map(r -> Long.parseLong(r.getAttribute("data-id"))).toList();
    }

    private static String cell(WebElement row, String field) {
        return row.findElement(By.cssSelector("[data-field='" + field + "']")).getText().trim();
    }

    private static WebElement only(List<WebElement> rows, String type, String status, String client) {
        List<WebElement> matching = rows.stream().filter(r -> cell(r, "type").equals(type)
                && cell(r, "status").equals(status) && cell(r, "client").equals(client)).toList();
        assertThat(matching).as("%s %s records of %s", type, status, client).hasSize(1);
        return matching.get(0);
    }

    /** Date inputs take typed dates in the browser's locale; setting the value is locale-free. */
    private static void setDate(String id, LocalDate date) {
        browser.script().executeScript("arguments[0].value = arguments[1];",
                browser.find(By.id(id)), date.toString());
    }

    /** Exports one day from the Manage page in the format; answers the downloaded file. */
    private static Path export(LocalDate day, String format) {
        browser.go("/audit/manage");
        setDate("from", day);
        setDate("to", day);
        browser.click(By.id("format-" + format));
        browser.click(By.cssSelector("#export button[type=submit]"));
        return browser.awaitDownload("." + format);
    }

    /** The ids of the day's records as the JSON API lists them, oldest first as an export has them. */
    private static List<Long> oldestFirstOf(LocalDate day) {
        List<Long> ids = new ArrayList<>(apiIds("from=" + day + "T00:00:00Z&to=" + day.plusDays(1)
                + "T00:00:00Z&limit=1000"));
        Collections.reverse(ids);
        return ids;
    }
}
