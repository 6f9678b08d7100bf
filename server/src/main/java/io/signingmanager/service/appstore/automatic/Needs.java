package io.signingmanager.service.appstore.automatic;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.appstore.PortalProfileType;
import java.util.List;

/**
 * What a workflow's distribution needs from Apple's portal: the certificate types, in slot order, and
 * the profile type (the Mac App Store's depends on whether the app is a Mac Catalyst app).
 */
record Needs(List<PortalCertificateType> certificates, PortalProfileType profile) {

    static Needs of(Distribution distribution, boolean macCatalyst) {
        return switch (distribution) {
            case MAC_APP_STORE -> new Needs(List.of(PortalCertificateType.MAC_APP_DISTRIBUTION,
                    PortalCertificateType.MAC_INSTALLER_DISTRIBUTION),
                    macCatalyst ? PortalProfileType.MAC_CATALYST_APP_STORE : PortalProfileType.MAC_APP_STORE);
            case DEVELOPER_ID -> new Needs(List.of(PortalCertificateType.DEVELOPER_ID_APPLICATION),
                    PortalProfileType.MAC_APP_DIRECT);
        };
    }

    /** The slot a certificate of that type goes in. */
    static IdentityRole role(PortalCertificateType type) {
        return type == PortalCertificateType.MAC_INSTALLER_DISTRIBUTION ? IdentityRole.INSTALLER : IdentityRole.APPLICATION;
    }

    /** The type the application slot's certificate is created as. */
    PortalCertificateType application() {
        return certificates.get(0);
    }
}
