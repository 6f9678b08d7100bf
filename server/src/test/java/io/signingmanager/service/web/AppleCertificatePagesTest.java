package io.signingmanager.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.TestPki;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The Apple type and team on the Signing Certificates list and a certificate's page. */
class AppleCertificatePagesTest extends CertificateJourney {

    @Test
    void anAppleCertificateShowsItsTypeAndTeamOnTheListAndItsPage() {
        String name = "3rd Party Mac Developer Application: Listed " + tag() + " (" + AppleTestPki.TEAM_ID + ")";
        TestPki.TestIdentity identity = AppleTestPki.certificate(name, AppleTestPki.TEAM_ID,
                List.of(AppleCertificateType.MAC_APP_DISTRIBUTION.markerOid()));
        String id = service.importP12(identity.p12(P12_PASSWORD), P12_PASSWORD).get("id").asText();

        WebElement row = listRow(name);
        assertThat(row.findElement(By.cssSelector(".apple")).getText())
                .isEqualTo("Mac App Distribution · team " + AppleTestPki.TEAM_ID);
        browser.go("/certificates?q=" + AppleTestPki.TEAM_ID);
        assertThat(browser.find(By.xpath("//tr[td/a[text()='" + name + "']]")).isDisplayed()).isTrue();
        browser.screenshots("certificates-list-apple");

        browser.go("/certificates/" + id);
        assertThat(browser.text(By.id("apple-type"))).isEqualTo("Mac App Distribution");
        assertThat(browser.text(By.id("apple-team"))).isEqualTo(AppleTestPki.TEAM_ID + " " + AppleTestPki.TEAM_NAME);
        browser.screenshots("certificate-page-apple");
    }

    @Test
    void aCertificateThatIsNotApplesShowsNoAppleType() {
        Imported other = imported("Plain");

        assertThat(listRow(other.name()).findElements(By.cssSelector(".apple"))).isEmpty();
        browser.go("/certificates/" + other.id());
        assertThat(browser.driver().findElements(By.id("apple-type"))).isEmpty();
    }
}
