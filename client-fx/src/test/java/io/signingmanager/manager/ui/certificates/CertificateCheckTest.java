package io.signingmanager.manager.ui.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Show Certificate's verdict says what it checked: dates and the chain as given, never a trust store. */
class CertificateCheckTest {
    private static final Instant NOW = Instant.now();

    @Test
    void aChainEndingInARootNobodyTrustsPassesButSaysTheRootWasNotCheckedAgainstATrustStore() {
        TestPki.TestIdentity identity = TestPki.issuedByCa("Team Code Signing", TestPki.rsaKeys(2048));

        CertificateCheck check = CertificateCheck.of(identity.chain(), NOW);

        assertThat(check.passed()).isTrue();
        assertThat(check.verdict()).isEqualTo("Within its dates, and signed by the chain as given")
                .doesNotContain("valid");
        assertThat(check.checked()).contains("validity dates", "chain as the service sent it",
                "up to the root Test Code Signing CA", "not checked against any trust store");
    }

    @Test
    void datesOfTheCertificateAndItsIssuersAreChecked() {
        TestPki.TestIdentity identity = TestPki.issuedByCa("Team Code Signing", TestPki.rsaKeys(2048));
        X509Certificate ca = identity.chain().get(1);

        assertThat(CertificateCheck.of(identity.chain(), identity.leaf().getNotAfter().toInstant().plusSeconds(1))
                .verdict()).isEqualTo("This certificate has expired");
        assertThat(CertificateCheck.of(identity.chain(), identity.leaf().getNotBefore().toInstant().minusSeconds(1))
                .verdict()).isEqualTo("This certificate is not valid yet");
        TestPki.TestIdentity expired = TestPki.selfSigned("Old", TestPki.rsaKeys(2048),
                NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1)));
        assertThat(CertificateCheck.of(expired.chain(), NOW).passed()).isFalse();
        assertThat(CertificateCheck.of(List.of(ca), NOW).passed()).isTrue();
    }

    @Test
    void aCertificateNotSignedByTheNextInTheChainFails() {
        TestPki.TestIdentity identity = TestPki.issuedByCa("Team Code Signing", TestPki.rsaKeys(2048));
        TestPki.TestIdentity other = TestPki.issuedByCa("Other", TestPki.rsaKeys(2048));

        CertificateCheck check = CertificateCheck.of(List.of(identity.leaf(), other.chain().get(1)), NOW);

        assertThat(check.passed()).isFalse();
        assertThat(check.verdict()).isEqualTo("Team Code Signing is not signed by Test Code Signing CA");
    }

    @Test
    void aChainThatStopsBeforeItsRootSaysWhatIsMissing() {
        TestPki.TestIdentity identity = TestPki.issuedByCa("Team Code Signing", TestPki.rsaKeys(2048));

        CertificateCheck check = CertificateCheck.of(List.of(identity.leaf()), NOW);

        assertThat(check.passed()).isFalse();
        assertThat(check.verdict()).startsWith("The chain ends before its root").contains("Test Code Signing CA");
    }
}
