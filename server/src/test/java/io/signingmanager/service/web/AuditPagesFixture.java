package io.signingmanager.service.web;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.stream.StreamSupport;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * Real signing records on two days of one service, and an admin's browser on its Audit pages, for
 * {@link AuditPagesTest}: its tests share one, and a test that changes the records gets one of its own.
 */
final class AuditPagesFixture implements AutoCloseable {
    static final String UNKNOWN_SHA1 = "0".repeat(40);
    private static final byte[] FILE = "the jar the pages audit".getBytes(StandardCharsets.UTF_8);
    final TestService service;
    final Browser browser;
    final TestPki.TestIdentity rsa;
    final String keyA;
    final String keyB;
    final LocalDate dayOne;
    final LocalDate dayThree;
    // Signed in on the third day (sessions last hours): the API calls checking what the pages show.
    final String apiAdmin;

    /**
     * On the service: key ci-pages's client build-web signs once and is refused once (unknown
     * certificate) on day one; two days later key release-pages's client build-later signs once.
     */
    static AuditPagesFixture signOnTwoDays(TestService service) throws Exception {
        return new AuditPagesFixture(service);
    }

    private AuditPagesFixture(TestService service) throws Exception {
        this.service = service;
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

    @Override
    public void close() {
        Browser.closeChecked(browser);
    }

    static SignRequest signRequest(String sha1) {
        byte[] digest = HashAlgorithm.SHA256.digest(FILE);
        return new SignRequest(sha1, "RSA_PKCS1_SHA256", Base64.getEncoder().encodeToString(digest),
                new SignContext("app.jar", null, "jar", null));
    }

    /** The ids the JSON API lists for the query, newest first. */
    List<Long> apiIds(String query) {
        JsonNode page = expect(service.http.get("/api/v1/admin/audit?" + query, apiAdmin), 200).json();
        return StreamSupport.stream(page.get("records").spliterator(), false).map(r -> r.get("id").asLong()).toList();
    }

    /** Chooses one option of the filter form on a fresh list and applies it. */
    void filterBy(String select, String option) {
        browser.go("/audit");
        new Select(browser.find(By.id(select))).selectByVisibleText(option);
        browser.submit(By.cssSelector("#filters button[type=submit]"));
        browser.await(d -> d.getCurrentUrl().contains(select + "="));
    }

    List<WebElement> rows() {
        browser.find(By.cssSelector("h1"));
        return browser.driver().findElements(By.cssSelector("#records tbody tr"));
    }

    List<Long> ids() {
        return rows().stream().map(r -> Long.parseLong(r.getAttribute("data-id"))).toList();
    }

    static String cell(WebElement row, String field) {
        return row.findElement(By.cssSelector("[data-field='" + field + "']")).getText().trim();
    }

    static WebElement only(List<WebElement> rows, String type, String status, String client) {
        List<WebElement> matching = rows.stream().filter(r -> cell(r, "type").equals(type)
                && cell(r, "status").equals(status) && cell(r, "client").equals(client)).toList();
        assertThat(matching).as("%s %s records of %s", type, status, client).hasSize(1);
        return matching.get(0);
    }

    /** Date inputs take typed dates in the browser's locale; setting the value is locale-free. */
    void setDate(String id, LocalDate date) {
        browser.script().executeScript("arguments[0].value = arguments[1];",
                browser.find(By.id(id)), date.toString());
    }

    /** Exports one day from the Manage page in the format; answers the downloaded file. */
    Path export(LocalDate day, String format) {
        browser.go("/audit/manage");
        setDate("from", day);
        setDate("to", day);
        browser.click(By.id("format-" + format));
        browser.click(By.cssSelector("#export button[type=submit]"));
        return browser.awaitDownload("." + format);
    }

    /** The ids of the day's records as the JSON API lists them, oldest first as an export has them. */
    List<Long> oldestFirstOf(LocalDate day) {
        List<Long> ids = new ArrayList<>(apiIds("from=" + day + "T00:00:00Z&to=" + day.plusDays(1)
                + "T00:00:00Z&limit=1000"));
        Collections.reverse(ids);
        return ids;
    }
}
