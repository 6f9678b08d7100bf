package io.signingmanager.service.web;

import static io.signingmanager.service.testing.ProtocolAssertions.assertError;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.RegisterRequest;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.service.testing.Browser;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The Signing Certificates pages in a real browser against a real service: import (and its
 * refusals), the certificate page, Sign, Authorize, Edit, the Active toggle, Delete, and what a
 * non-admin sees and reaches. Effects are checked through the admin API and the client protocol.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertificatePagesTest {
    private static final Pattern CERTIFICATE_PAGE = Pattern.compile("/certificates/([0-9a-f-]{36})");
    private static final String P12_PASSWORD = "p12 password";
    private static final byte[] MESSAGE = "the file that gets signed".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path files;
    private static TestService service;
    private static Browser browser;
    private static SigningServiceClient client;
    private static TestPki.TestIdentity identity;
    private static TestPki.TestIdentity renewed;
    private static String certificateId;
    private static String expiredId;
    private static String chosenClient;
    private static String otherClient;

    @BeforeAll
    static void start() {
        service = TestService.start();
        client = service.protocolClient();
        identity = TestPki.issuedByCa("Web Code Signing", TestPki.rsaKeys(2048));
        service.adminToken();
        browser = Browser.signedIn(service, "admin", TestService.ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        Browser.closeBoth(browser, service);
    }

    @Test
    @Order(1)
    void anEmptyListSaysSoAndPointsAdminsToTheImportButton() {
        browser.go("/certificates");

        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Signing Certificates");
        assertThat(browser.text(By.cssSelector(".empty"))).contains("There are no signing certificates yet")
                .contains("Import Signing Certificate");
        assertThat(browser.find(By.cssSelector("nav a[aria-current=page]")).getText()).isEqualTo("Signing Certificates");
        browser.screenshots("certificates-empty");

        browser.click(By.linkText("Import Signing Certificate"));
        browser.awaitPath("/certificates/import");
        WebElement file = browser.find(By.id("file"));
        assertThat(file.getAttribute("accept")).isEqualTo(".p12,.pfx");
        assertThat(browser.find(By.cssSelector("label[for=file]")).getText()).contains(".p12");
        assertThat(browser.find(By.cssSelector("label[for=password]")).getText()).isEqualTo("P12 password");
        browser.screenshots("certificate-import");
    }

    @Test
    @Order(2)
    void aWrongP12PasswordIsSaidOnTheFormAndNothingIsStored() throws IOException {
        browser.go("/certificates/import");
        chooseP12("identity.p12", identity.p12(P12_PASSWORD), "not the password");
        browser.submit(By.xpath("//button[text()='Import']"));

        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("The P12 password is wrong");
        assertThat(browser.currentPath()).isEqualTo("/certificates/import");
        assertThat(browser.find(By.id("password")).getAttribute("value")).isEmpty();
        assertThat(storedCertificates()).isEmpty();
        browser.screenshots("certificate-import-wrong-password");
    }

    @Test
    @Order(3)
    void aTruncatedFileIsSaidOnTheFormAndNothingIsStored() throws IOException {
        byte[] p12 = identity.p12(P12_PASSWORD);
        browser.go("/certificates/import");
        chooseP12("truncated.p12", Arrays.copyOf(p12, p12.length / 2), P12_PASSWORD);
        browser.submit(By.xpath("//button[text()='Import']"));

        assertThat(browser.text(By.cssSelector(".error"))).contains("not a readable .p12").contains("truncated");
        assertThat(storedCertificates()).isEmpty();
        browser.screenshots("certificate-import-truncated");

        browser.go("/certificates/import");
        chooseP12("huge.p12", new byte[2 * 1024 * 1024], P12_PASSWORD);
        browser.submit(By.xpath("//button[text()='Import']"));

        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("The file is too large");
        assertThat(browser.text(By.cssSelector(".error"))).contains("larger than 1048576 bytes");
        assertThat(storedCertificates()).isEmpty();
    }

    @Test
    @Order(4)
    void importingThroughTheFileChooserLandsOnTheCertificatePage() throws IOException {
        browser.go("/certificates/import");
        chooseP12("identity.p12", identity.p12(P12_PASSWORD), P12_PASSWORD);
        browser.find(By.id("password")).sendKeys(Keys.ENTER);

        browser.await(d -> CERTIFICATE_PAGE.matcher(browser.currentPath()).matches());
        Matcher page = CERTIFICATE_PAGE.matcher(browser.currentPath());
        assertThat(page.matches()).isTrue();
        certificateId = page.group(1);
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Web Code Signing");
        assertThat(browser.text(By.id("sha1"))).isEqualTo(identity.sha1());
        List<JsonNode> stored = storedCertificates();
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("id").asText()).isEqualTo(certificateId);
        assertThat(stored.get(0).get("sha1").asText()).isEqualTo(identity.sha1());
        JsonNode detail = expect(service.http.get("/api/v1/admin/certificates/" + certificateId, service.adminToken()), 200)
                .json();
        assertThat(browser.text(By.id("sha256"))).isEqualTo(detail.get("sha256").asText());
        assertThat(browser.text(By.id("pem"))).isEqualTo(detail.get("pem").asText().strip());
        assertThat(browser.text(By.id("key"))).isEqualTo("RSA 2048 bits");
        assertThat(browser.text(By.id("authorized"))).isEqualTo("All API keys");
        assertThat(browser.find(By.cssSelector(".status-line .status")).getText()).isEqualTo("Active");
        assertThat(browser.driver().findElements(By.cssSelector("details.chain summary"))).singleElement()
                .satisfies(summary -> assertThat(summary.getText()).startsWith("Test Code Signing CA"));
        assertThat(actions()).containsExactly("Sign", "Authorize", "Edit", "Delete");
        assertThat(browser.text(By.cssSelector("p.back a"))).isEqualTo("← Signing Certificates");
        browser.screenshots("certificate-page");
    }

    @Test
    @Order(5)
    void importingTheSameCertificateAgainIsRefusedOnTheForm() throws IOException {
        browser.go("/certificates/import");
        chooseP12("again.p12", identity.p12(P12_PASSWORD), P12_PASSWORD);
        browser.submit(By.xpath("//button[text()='Import']"));

        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("The certificate " + identity.sha1()
                + " is already imported");
        assertThat(storedCertificates()).hasSize(1);
        browser.screenshots("certificate-import-duplicate");
    }

    @Test
    @Order(6)
    void theListShowsEachCertificateAndFlagsExpiredOnes() {
        Instant now = Instant.now();
        TestPki.TestIdentity expired = TestPki.selfSigned("Old Installer Signing", TestPki.ecKeys("secp256r1"),
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(3)));
        expiredId = service.importP12(expired.p12("pw"), "pw").get("id").asText();

        browser.go("/certificates");
        WebElement row = browser.find(By.xpath("//tr[td/a[text()='Web Code Signing']]"));
        assertThat(row.getText()).contains(identity.sha1(), "RSA 2048", "Active", "All API keys")
                .doesNotContain("Expired");
        assertThat(row.findElement(By.linkText("Web Code Signing")).getAttribute("href"))
                .endsWith("/certificates/" + certificateId);
        WebElement expiredRow = browser.find(By.xpath("//tr[td/a[text()='Old Installer Signing']]"));
        assertThat(expiredRow.findElement(By.cssSelector(".status.expired")).getText()).isEqualTo("Expired");
        assertThat(expiredRow.getText()).contains(expired.sha1(), "EC 256");
        browser.screenshots("certificates-list");

        browser.go("/certificates/" + expiredId);
        assertThat(browser.text(By.cssSelector(".warning"))).contains("expired");
        assertThat(browser.text(By.id("valid-until"))).contains("Expired");
        assertThat(browser.text(By.cssSelector(".card:last-of-type .hint"))).contains("no chain");
        browser.screenshots("certificate-page-expired");
    }

    @Test
    @Order(7)
    void authorizingOneOfTwoApiKeysLeavesTheOtherKeysClientsWithoutTheCertificate() throws Exception {
        JsonNode chosen = service.createApiKey("Build machines");
        JsonNode other = service.createApiKey("Laptops");
        chosenClient = client.register(chosen.get("key").asText(), new RegisterRequest("build-1", "macOS", "2.0"))
                .clientToken();
        otherClient = client.register(other.get("key").asText(), new RegisterRequest("laptop-1", "macOS", "2.0"))
                .clientToken();
        assertThat(sha1s(otherClient)).contains(identity.sha1());

        browser.go("/certificates/" + certificateId);
        browser.click(By.linkText("Authorize"));
        browser.awaitPath("/certificates/" + certificateId + "/authorize");
        assertThat(browser.find(By.id("scope-all")).isSelected()).isTrue();
        assertThat(browser.driver().findElements(By.cssSelector("input[name=apiKey]")))
                .hasSize(2).allMatch(WebElement::isSelected);
        assertThat(browser.text(By.cssSelector("label[for=scope-all]"))).isEqualTo("All API keys (also keys created later)");
        browser.screenshots("certificate-authorize");

        browser.click(By.id("scope-chosen"));
        browser.click(By.id("key-" + other.get("id").asText()));
        browser.submit(By.xpath("//button[text()='Save']"));

        browser.awaitPath("/certificates/" + certificateId);
        assertThat(browser.text(By.id("authorized"))).isEqualTo("Build machines");
        JsonNode authorization = expect(service.http.get("/api/v1/admin/certificates/" + certificateId
                + "/authorized-keys", service.adminToken()), 200).json();
        assertThat(authorization.get("all").asBoolean()).isFalse();
        assertThat(authorization.get("apiKeyIds")).extracting(JsonNode::asText)
                .containsExactly(chosen.get("id").asText());

        assertThat(sha1s(otherClient)).doesNotContain(identity.sha1());
        assertError(() -> sign(otherClient, identity.sha1()), 403, "not_authorized");
        assertThat(sha1s(chosenClient)).contains(identity.sha1());
        byte[] signature = sign(chosenClient, identity.sha1());
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(identity.leaf().getPublicKey());
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signature)).isTrue();
        browser.screenshots("certificate-page-authorized");

        browser.go("/certificates");
        assertThat(browser.find(By.xpath("//tr[td/a[text()='Web Code Signing']]")).getText()).contains("Build machines")
                .doesNotContain("Laptops");
    }

    @Test
    @Order(8)
    void signShowsAVerifiedSignatureOfTheSampleData() throws Exception {
        browser.go("/certificates/" + certificateId);
        browser.click(By.linkText("Sign"));
        browser.awaitPath("/certificates/" + certificateId + "/sign");
        Select algorithms = new Select(browser.find(By.id("algorithm-choice")));
        assertThat(algorithms.getFirstSelectedOption().getAttribute("value")).isEqualTo("RSA_PKCS1_SHA256");
        assertThat(algorithms.getOptions()).extracting(option -> option.getAttribute("value"))
                .containsExactly("RSA_PKCS1_SHA1", "RSA_PKCS1_SHA256", "RSA_PKCS1_SHA384", "RSA_PKCS1_SHA512",
                        "RSA_PSS_SHA256", "RSA_PSS_SHA384", "RSA_PSS_SHA512");
        browser.screenshots("certificate-sign");

        algorithms.selectByValue("RSA_PKCS1_SHA384");
        browser.submit(By.xpath("//button[text()='Sign']"));

        assertThat(browser.text(By.id("verified"))).startsWith("Verified");
        assertThat(browser.text(By.id("algorithm"))).isEqualTo("RSA_PKCS1_SHA384");
        String data = browser.text(By.cssSelector("#result dd code"));
        assertThat(data).startsWith("Signing Service test signature by admin");
        assertThat(browser.text(By.id("digest"))).isEqualTo(HexFormat.of()
                .formatHex(HashAlgorithm.SHA256.digest(data.getBytes(StandardCharsets.UTF_8))));
        Signature verifier = Signature.getInstance("SHA384withRSA");
        verifier.initVerify(identity.leaf().getPublicKey());
        verifier.update(data.getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(browser.text(By.id("signature"))))).isTrue();
        assertThat(new Select(browser.find(By.id("algorithm-choice"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("RSA_PKCS1_SHA384");
        browser.screenshots("certificate-sign-result");

        browser.go("/certificates/" + expiredId + "/sign");
        assertThat(new Select(browser.find(By.id("algorithm-choice"))).getOptions())
                .extracting(option -> option.getAttribute("value"), WebElement::isSelected)
                .containsExactly(tuple("ECDSA_SHA256", true), tuple("ECDSA_SHA384", false), tuple("ECDSA_SHA512", false));
    }

    @Test
    @Order(9)
    void editWithAnotherP12ChangesTheCertificateAndAWrongPasswordChangesNothing() throws Exception {
        renewed = TestPki.rsa(3072, "Web Code Signing 2027");
        browser.go("/certificates/" + certificateId);
        browser.click(By.linkText("Edit"));
        browser.awaitPath("/certificates/" + certificateId + "/edit");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Edit Web Code Signing");
        browser.screenshots("certificate-edit");

        chooseP12("renewed.p12", renewed.p12(P12_PASSWORD), "wrong");
        browser.submit(By.xpath("//button[text()='Save']"));
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("The P12 password is wrong");
        assertThat(storedSha1(certificateId)).isEqualTo(identity.sha1());
        browser.screenshots("certificate-edit-wrong-password");

        chooseP12("renewed.p12", renewed.p12(P12_PASSWORD), P12_PASSWORD);
        browser.submit(By.xpath("//button[text()='Save']"));

        browser.awaitPath("/certificates/" + certificateId);
        assertThat(browser.text(By.id("sha1"))).isEqualTo(renewed.sha1()).isNotEqualTo(identity.sha1());
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Web Code Signing 2027");
        assertThat(browser.text(By.id("key"))).isEqualTo("RSA 3072 bits");
        assertThat(browser.text(By.id("authorized"))).isEqualTo("Build machines");
        assertThat(storedSha1(certificateId)).isEqualTo(renewed.sha1());
        assertThat(sha1s(chosenClient)).contains(renewed.sha1()).doesNotContain(identity.sha1());
        browser.screenshots("certificate-page-edited");
    }

    @Test
    @Order(10)
    void makingTheCertificateInactiveTakesItFromTheClients() throws Exception {
        browser.go("/certificates/" + certificateId);
        browser.submit(By.xpath("//button[text()='Make inactive']"));

        browser.awaitPath("/certificates/" + certificateId);
        assertThat(browser.text(By.cssSelector(".status-line .status"))).isEqualTo("Inactive");
        assertThat(browser.find(By.cssSelector(".status-line button")).getText()).startsWith("Make active");
        assertThat(stored(certificateId).get("active").asBoolean()).isFalse();
        assertThat(sha1s(chosenClient)).doesNotContain(renewed.sha1());
        assertError(() -> sign(chosenClient, renewed.sha1()), 403, "certificate_inactive");
        browser.screenshots("certificate-page-inactive");
    }

    @Test
    @Order(11)
    void aNonAdminSeesTheListAndTogglesButFindsNoOtherButtonAndNoWayIn() throws Exception {
        service.userToken("viewer", false);
        browser.submit(By.xpath("//button[text()='Sign out']"));
        browser.awaitPath("/login");
        browser.signIn("viewer", TestService.USER_PASSWORD);

        browser.go("/certificates");
        WebElement row = browser.find(By.xpath("//tr[td/a[text()='Web Code Signing 2027']]"));
        assertThat(row.getText()).contains(renewed.sha1(), "Inactive", "Build machines");
        assertThat(browser.driver().findElements(By.linkText("Import Signing Certificate"))).isEmpty();
        browser.screenshots("certificates-list-user");

        browser.submit(row.findElement(By.xpath(".//button[text()='Make active']")));
        browser.awaitPath("/certificates");
        assertThat(browser.find(By.xpath("//tr[td/a[text()='Web Code Signing 2027']]//span[contains(@class,'status')]"))
                .getText()).isEqualTo("Active");
        assertThat(stored(certificateId).get("active").asBoolean()).isTrue();
        assertThat(sha1s(chosenClient)).contains(renewed.sha1());

        browser.go("/certificates/" + certificateId);
        assertThat(actions()).isEmpty();
        assertThat(browser.text(By.cssSelector("p.back a"))).isEqualTo("← Signing Certificates");
        for (String button : List.of("Sign", "Authorize", "Edit", "Delete", "Choose authorized API keys")) {
            assertThat(browser.driver().findElements(By.linkText(button))).as(button).isEmpty();
        }
        assertThat(browser.text(By.id("sha1"))).isEqualTo(renewed.sha1());
        browser.screenshots("certificate-page-user");

        for (String path : List.of("/certificates/import", "/certificates/" + certificateId + "/sign",
                "/certificates/" + certificateId + "/authorize", "/certificates/" + certificateId + "/edit",
                "/certificates/" + certificateId + "/delete")) {
            browser.go(path);
            assertThat(browser.text(By.cssSelector("h1"))).as(path).isEqualTo("Not allowed");
        }
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("Only application admins may do this");
        browser.go("/certificates/import");
        browser.screenshots("certificate-import-forbidden");
    }

    @Test
    @Order(12)
    void deleteAsksFirstThenRemovesTheCertificate() throws Exception {
        browser.go("/certificates");
        browser.submit(By.xpath("//button[text()='Sign out']"));
        browser.awaitPath("/login");
        browser.signIn("admin", TestService.ADMIN_PASSWORD);

        browser.go("/certificates/" + certificateId);
        browser.click(By.linkText("Delete"));
        browser.awaitPath("/certificates/" + certificateId + "/delete");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Delete Web Code Signing 2027?");
        assertThat(browser.text(By.cssSelector("main p.back a"))).isEqualTo("← Web Code Signing 2027");
        assertThat(browser.text(By.cssSelector("main section p"))).startsWith("Clients can no longer sign with it.");
        browser.screenshots("certificate-delete");

        browser.click(By.xpath("//button[text()='Delete']"));
        Alert question = browser.await(ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).isEqualTo("Delete Web Code Signing 2027? Clients can no longer sign with it.");
        question.dismiss();
        assertThat(browser.currentPath()).isEqualTo("/certificates/" + certificateId + "/delete");
        assertThat(storedSha1(certificateId)).isEqualTo(renewed.sha1());

        browser.click(By.xpath("//button[text()='Delete']"));
        browser.await(ExpectedConditions.alertIsPresent()).accept();

        browser.awaitPath("/certificates");
        assertThat(browser.driver().findElements(By.linkText("Web Code Signing 2027"))).isEmpty();
        assertThat(service.http.get("/api/v1/admin/certificates/" + certificateId, service.adminToken()).status())
                .isEqualTo(404);
        assertThat(sha1s(chosenClient)).doesNotContain(renewed.sha1());
        assertError(() -> sign(chosenClient, renewed.sha1()), 404, "unknown_certificate");
        browser.screenshots("certificates-list-after-delete");
    }

    private static byte[] sign(String clientToken, String sha1) throws SigningServiceException {
        String digest = Base64.getEncoder().encodeToString(HashAlgorithm.SHA256.digest(MESSAGE));
        return Base64.getDecoder().decode(client.sign(clientToken, new SignRequest(sha1, "RSA_PKCS1_SHA256", digest, null))
                .signature());
    }

    private static List<String> sha1s(String clientToken) throws SigningServiceException {
        return client.identities(clientToken).stream().map(Identity::sha1).toList();
    }

    /** The buttons beside the certificate page's heading. */
    @Test
    void whileAllApiKeysIsChosenTheKeyListIsGreyedAndOffAndSavingKeepsAll() {
        String id = service.importP12(TestPki.p12(P12_PASSWORD, TestPki.rsa(2048, "Authorize All")), P12_PASSWORD)
                .get("id").asText();
        String first = service.createApiKey("All first").get("id").asText();
        service.createApiKey("All second");

        browser.go("/certificates/" + id + "/authorize");
        assertThat(browser.find(By.id("scope-all")).isSelected()).isTrue();
        assertThat(keyBoxes()).isNotEmpty().noneMatch(WebElement::isEnabled);
        assertThat(browser.find(By.id("chosen-keys")).getCssValue("opacity")).isEqualTo("0.5");
        browser.screenshots("certificate-authorize-all");

        browser.click(By.id("scope-chosen"));
        assertThat(keyBoxes()).allMatch(WebElement::isEnabled);
        assertThat(browser.find(By.id("chosen-keys")).getCssValue("opacity")).isEqualTo("1");
        browser.click(By.id("key-" + first));
        browser.click(By.id("scope-all"));
        assertThat(keyBoxes()).noneMatch(WebElement::isEnabled);
        browser.submit(By.xpath("//button[text()='Save']"));

        browser.awaitPath("/certificates/" + id);
        assertThat(browser.text(By.id("authorized"))).isEqualTo("All API keys");
        JsonNode authorization = expect(service.http.get("/api/v1/admin/certificates/" + id + "/authorized-keys",
                service.adminToken()), 200).json();
        assertThat(authorization.get("all").asBoolean()).isTrue();
        assertThat(authorization.get("apiKeyIds")).isEmpty();
    }

    private static List<WebElement> keyBoxes() {
        return browser.driver().findElements(By.cssSelector("input[name=apiKey]"));
    }

    private static List<String> actions() {
        return browser.driver().findElements(By.cssSelector("main > .heading .actions a, main > .heading .actions button")).stream()
                .map(WebElement::getText).toList();
    }

    private static List<JsonNode> storedCertificates() {
        List<JsonNode> list = new ArrayList<>();
        expect(service.http.get("/api/v1/admin/certificates", service.adminToken()), 200).json().forEach(list::add);
        return list;
    }

    private static JsonNode stored(String id) {
        return expect(service.http.get("/api/v1/admin/certificates/" + id, service.adminToken()), 200).json();
    }

    private static String storedSha1(String id) {
        return stored(id).get("sha1").asText();
    }

    /** Chooses the file in the form's file chooser and types the P12 password. */
    private static void chooseP12(String name, byte[] p12, String password) throws IOException {
        browser.find(By.id("file")).sendKeys(write(name, p12).toString());
        browser.type(By.id("password"), password);
    }

    private static Path write(String name, byte[] content) throws IOException {
        return Files.write(files.resolve(name), content);
    }
}
