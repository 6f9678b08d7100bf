package io.signingmanager.service.apple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.apple.AppleCertificate;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestPki.TestIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Apple's certificate types and team told from the certificate, and provisioning profiles read from their files. */
class AppleFilesTest {

    @ParameterizedTest
    @EnumSource(AppleCertificateType.class)
    void eachTypeIsToldByItsMarker(AppleCertificateType type) {
        TestIdentity certificate = AppleTestPki.certificate(type, AppleTestPki.TEAM_ID);
        assertThat(AppleCertificate.of(certificate.leaf()))
                .contains(new AppleCertificate(type, AppleTestPki.TEAM_ID, AppleTestPki.TEAM_NAME));
    }

    @ParameterizedTest
    @EnumSource(AppleCertificateType.class)
    void eachTypeIsToldByItsNameWithoutMarker(AppleCertificateType type) {
        for (String prefix : type.namePrefixes()) {
            TestIdentity certificate = AppleTestPki.certificate(prefix + " Example Corp (" + AppleTestPki.TEAM_ID + ")",
                    AppleTestPki.TEAM_ID, List.of());
            assertThat(AppleCertificate.of(certificate.leaf()).map(AppleCertificate::type)).contains(type);
        }
    }

    @Test
    void appleDistributionIsMacAppDistributionAndOtherCertificatesAreNotApple() {
        assertThat(AppleCertificate.of(AppleTestPki.appleDistribution(AppleTestPki.TEAM_ID).leaf())
                .map(AppleCertificate::type)).contains(AppleCertificateType.MAC_APP_DISTRIBUTION);
        assertThat(AppleCertificate.of(TestPki.rsa(2048, "Example Code Signing").leaf())).isEmpty();
    }

    @Test
    void readsEveryFieldOfAProfile() throws Refusal {
        TestIdentity application = AppleTestPki.certificate(AppleCertificateType.MAC_APP_DISTRIBUTION, AppleTestPki.TEAM_ID);
        AppleTestPki.Profile built = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app", application);
        ProvisioningProfile profile = ProfileReader.read(built.build());
        assertThat(profile.uuid()).isEqualTo(built.uuid());
        assertThat(profile.teamId()).isEqualTo(AppleTestPki.TEAM_ID);
        assertThat(profile.teamName()).isEqualTo(AppleTestPki.TEAM_NAME);
        assertThat(profile.applicationIdentifier()).isEqualTo(AppleTestPki.TEAM_ID + ".com.example.app");
        assertThat(profile.bundleId()).isEqualTo("com.example.app");
        assertThat(profile.type()).isEqualTo(ProfileType.APP_STORE);
        assertThat(profile.macOS()).isTrue();
        assertThat(profile.developerCertificateSha1s()).containsExactly(application.sha1());
        assertThat(profile.deviceCount()).isZero();
        assertThat(profile.entitlements()).containsEntry("com.apple.developer.team-identifier", AppleTestPki.TEAM_ID);
        assertThat(profile.fits("com.example.app")).isTrue();
        assertThat(profile.fits("com.example.app.extension")).isFalse();
    }

    @Test
    void tellsTheProfileTypes() throws Refusal {
        for (ProfileType type : List.of(ProfileType.DEVELOPMENT, ProfileType.AD_HOC, ProfileType.APP_STORE,
                ProfileType.DEVELOPER_ID)) {
            assertThat(ProfileReader.read(AppleTestPki.profile(type, "com.example.app").build()).type()).isEqualTo(type);
        }
        assertThat(ProfileReader.read(AppleTestPki.profile(ProfileType.IN_HOUSE, "com.example.app").platform("iOS")
                .build()).type()).isEqualTo(ProfileType.IN_HOUSE);
        assertThat(ProfileReader.read(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.*").build())
                .fits("com.example.app.widget")).isTrue();
    }

    @Test
    void refusesBadFilesWithTheirReason() {
        byte[] good = AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app").build();
        byte[] tampered = good.clone();
        int at = indexOf(tampered, "com.example.app".getBytes(StandardCharsets.UTF_8));
        tampered[at] = 'C';
        assertRefused("not a profile at all".getBytes(StandardCharsets.UTF_8), ErrorCode.INVALID_PROFILE, "not a CMS");
        assertRefused(Arrays.copyOf(good, good.length / 2), ErrorCode.INVALID_PROFILE, "not a CMS");
        assertRefused(tampered, ErrorCode.INVALID_PROFILE, "does not verify");
        assertRefused(AppleTestPki.signed("just text".getBytes(StandardCharsets.UTF_8)), ErrorCode.INVALID_PROFILE,
                "not a property list");
        assertRefused(AppleTestPki.signed(AppleTestPki.profile(ProfileType.APP_STORE, "com.example.app")
                .without("UUID").without("ExpirationDate").plist()), ErrorCode.INVALID_PROFILE, "lacks UUID, ExpirationDate");
        assertRefused(new byte[ProfileReader.MAX_SIZE + 1], ErrorCode.TOO_LARGE, "at most");
    }

    private static void assertRefused(byte[] file, ErrorCode code, String message) {
        assertThatThrownBy(() -> ProfileReader.read(file)).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.code()).isEqualTo(code)).hasMessageContaining(message);
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i <= data.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
