package io.signingmanager.service.apple;

import io.signingmanager.common.apple.AppleCertificate;
import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.service.certificates.StoredCertificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A workflow with what its slots hold, read in one go: the certificates and profiles ({@code null}
 * for an empty slot), each extension's profile by the extension's bundle ID, and by certificate
 * role the names of the API keys that may fetch the workflow but not sign with that certificate, and
 * for an automatic workflow the name of its App Store Connect API key ({@code null} otherwise).
 */
record WorkflowContents(Workflow workflow, List<WorkflowExtension> extensions, StoredCertificate application,
                        StoredCertificate installer, StoredProfile profile, Map<String, StoredProfile> extensionProfiles,
                        Map<IdentityRole, List<String>> fetchOnlyKeys, String connectKeyName) {

    StoredCertificate certificate(IdentityRole role) {
        return role == IdentityRole.APPLICATION ? application : installer;
    }

    /**
     * The team the workflow's items belong to, leaving out one slot (the one being filled, so that it
     * is compared with the others): the application certificate's team first, then the installer's,
     * then the profiles'. {@code null} when nothing else says.
     */
    String team(Slot except, String exceptBundleId) {
        List<String> teams = new ArrayList<>();
        if (except != Slot.APPLICATION_CERTIFICATE) {
            teams.add(teamOf(application));
        }
        if (except != Slot.INSTALLER_CERTIFICATE) {
            teams.add(teamOf(installer));
        }
        if (except != Slot.PROFILE && profile != null) {
            teams.add(profile.teamId());
        }
        extensionProfiles.forEach((bundleId, extensionProfile) -> {
            if (!(except == Slot.EXTENSION_PROFILE && bundleId.equals(exceptBundleId))) {
                teams.add(extensionProfile.teamId());
            }
        });
        return teams.stream().filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** The Apple team of a certificate, or {@code null} for an empty slot or a certificate that is not Apple's. */
    static String teamOf(StoredCertificate certificate) {
        return apple(certificate).map(AppleCertificate::teamId).orElse(null);
    }

    static Optional<AppleCertificate> apple(StoredCertificate certificate) {
        return certificate == null ? Optional.empty() : AppleCertificate.of(Certificates.parse(certificate.certificate()));
    }
}
