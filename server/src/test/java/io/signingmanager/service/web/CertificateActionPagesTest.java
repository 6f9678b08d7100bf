package io.signingmanager.service.web;

import static io.signingmanager.service.testing.ProtocolAssertions.assertError;
import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.service.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * A certificate page's buttons in a real browser against a real service: Sign, Authorize, Edit and
 * the Active toggle, their effects checked through the admin API and the client protocol. Each
 * test imports the certificate and registers the clients it needs, so each runs alone.
 */
class CertificateActionPagesTest extends CertificateJourney {
    @Test
    void authorizingOneOfTwoApiKeysLeavesTheOtherKeysClientsWithoutTheCertificate() throws Exception {
        Imported certificate = imported("Authorized");
        Signer chosen = signer("Build machines");
        Signer other = signer("Laptops");
        assertThat(sha1s(other.token())).contains(certificate.sha1());

        browser.go("/certificates/" + certificate.id());
        browser.click(By.linkText("Authorize"));
        browser.awaitPath("/certificates/" + certificate.id() + "/authorize");
        assertThat(browser.find(By.id("scope-all")).isSelected()).isTrue();
        assertThat(keyBoxes()).hasSizeGreaterThanOrEqualTo(2).allMatch(WebElement::isSelected);
        assertThat(browser.text(By.cssSelector("label[for=scope-all]"))).isEqualTo("All API keys (also keys created later)");
        browser.screenshots("certificate-authorize");

        browser.click(By.id("scope-chosen"));
        for (WebElement box : keyBoxes()) {
            if (!box.getAttribute("value").equals(chosen.keyId())) {
                box.click();
            }
        }
        browser.submit(By.xpath("//button[text()='Save']"));

        browser.awaitPath("/certificates/" + certificate.id());
        assertThat(browser.text(By.id("authorized"))).isEqualTo(chosen.keyName());
        JsonNode authorization = expect(service.http.get("/api/v1/admin/certificates/" + certificate.id()
                + "/authorized-keys", service.adminToken()), 200).json();
        assertThat(authorization.get("all").asBoolean()).isFalse();
        assertThat(authorization.get("apiKeyIds")).extracting(JsonNode::asText).containsExactly(chosen.keyId());

        assertThat(sha1s(other.token())).doesNotContain(certificate.sha1());
        assertError(() -> sign(other.token(), certificate.sha1()), 403, "not_authorized");
        assertThat(sha1s(chosen.token())).contains(certificate.sha1());
        byte[] signature = sign(chosen.token(), certificate.sha1());
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(certificate.identity().leaf().getPublicKey());
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signature)).isTrue();
        browser.screenshots("certificate-page-authorized");

        assertThat(listRow(certificate.name()).getText()).contains(chosen.keyName()).doesNotContain(other.keyName());
    }

    @Test
    void whileAllApiKeysIsChosenTheKeyListIsGreyedAndOffAndSavingKeepsAll() {
        Imported certificate = imported("Authorize All");
        String first = service.createApiKey("All first " + tag()).get("id").asText();
        service.createApiKey("All second " + tag());

        browser.go("/certificates/" + certificate.id() + "/authorize");
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

        browser.awaitPath("/certificates/" + certificate.id());
        assertThat(browser.text(By.id("authorized"))).isEqualTo("All API keys");
        JsonNode authorization = expect(service.http.get("/api/v1/admin/certificates/" + certificate.id()
                + "/authorized-keys", service.adminToken()), 200).json();
        assertThat(authorization.get("all").asBoolean()).isTrue();
        assertThat(authorization.get("apiKeyIds")).isEmpty();
    }

    @Test
    void signShowsAVerifiedSignatureOfTheSampleData() throws Exception {
        Imported certificate = imported("Signed");
        browser.go("/certificates/" + certificate.id());
        browser.click(By.linkText("Sign"));
        browser.awaitPath("/certificates/" + certificate.id() + "/sign");
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
        verifier.initVerify(certificate.identity().leaf().getPublicKey());
        verifier.update(data.getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.verify(Base64.getDecoder().decode(browser.text(By.id("signature"))))).isTrue();
        assertThat(new Select(browser.find(By.id("algorithm-choice"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("RSA_PKCS1_SHA384");
        browser.screenshots("certificate-sign-result");

        Instant now = Instant.now();
        String ec = service.importP12(TestPki.selfSigned("EC Signing " + tag(), TestPki.ecKeys("secp256r1"),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30))).p12("pw"), "pw").get("id").asText();
        browser.go("/certificates/" + ec + "/sign");
        assertThat(new Select(browser.find(By.id("algorithm-choice"))).getOptions())
                .extracting(option -> option.getAttribute("value"), WebElement::isSelected)
                .containsExactly(tuple("ECDSA_SHA256", true), tuple("ECDSA_SHA384", false), tuple("ECDSA_SHA512", false));
    }

    @Test
    void editWithAnotherP12ChangesTheCertificateAndAWrongPasswordChangesNothing() throws Exception {
        Imported certificate = imported("Web Code Signing");
        Signer chosen = signer("Build machines");
        authorize(certificate.id(), chosen.keyId());
        TestPki.TestIdentity renewed = TestPki.rsa(3072, certificate.name() + " 2027");
        browser.go("/certificates/" + certificate.id());
        browser.click(By.linkText("Edit"));
        browser.awaitPath("/certificates/" + certificate.id() + "/edit");
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo("Edit " + certificate.name());
        browser.screenshots("certificate-edit");

        chooseP12("renewed.p12", renewed.p12(P12_PASSWORD), "wrong");
        browser.submit(By.xpath("//button[text()='Save']"));
        assertThat(browser.text(By.cssSelector(".error"))).isEqualTo("The P12 password is wrong");
        assertThat(storedSha1(certificate.id())).isEqualTo(certificate.sha1());
        browser.screenshots("certificate-edit-wrong-password");

        chooseP12("renewed.p12", renewed.p12(P12_PASSWORD), P12_PASSWORD);
        browser.submit(By.xpath("//button[text()='Save']"));

        browser.awaitPath("/certificates/" + certificate.id());
        assertThat(browser.text(By.id("sha1"))).isEqualTo(renewed.sha1()).isNotEqualTo(certificate.sha1());
        assertThat(browser.text(By.cssSelector("h1"))).isEqualTo(certificate.name() + " 2027");
        assertThat(browser.text(By.id("key"))).isEqualTo("RSA 3072 bits");
        assertThat(browser.text(By.id("authorized"))).isEqualTo(chosen.keyName());
        assertThat(storedSha1(certificate.id())).isEqualTo(renewed.sha1());
        assertThat(sha1s(chosen.token())).contains(renewed.sha1()).doesNotContain(certificate.sha1());
        browser.screenshots("certificate-page-edited");
    }

    @Test
    void makingTheCertificateInactiveTakesItFromTheClients() throws Exception {
        Imported certificate = imported("Made Inactive");
        Signer signer = signer("Toggling");
        sign(signer.token(), certificate.sha1());

        browser.go("/certificates/" + certificate.id());
        browser.submit(By.xpath("//button[text()='Make inactive']"));

        browser.awaitPath("/certificates/" + certificate.id());
        assertThat(browser.text(By.cssSelector(".status-line .status"))).isEqualTo("Inactive");
        assertThat(browser.find(By.cssSelector(".status-line button")).getText()).startsWith("Make active");
        assertThat(stored(certificate.id()).get("active").asBoolean()).isFalse();
        assertThat(sha1s(signer.token())).doesNotContain(certificate.sha1());
        assertError(() -> sign(signer.token(), certificate.sha1()), 403, "certificate_inactive");
        browser.screenshots("certificate-page-inactive");
    }

    private static List<WebElement> keyBoxes() {
        return browser.driver().findElements(By.cssSelector("input[name=apiKey]"));
    }
}
