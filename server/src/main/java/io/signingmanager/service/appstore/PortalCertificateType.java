package io.signingmanager.service.appstore;

import io.signingmanager.common.apple.AppleCertificateType;

/** The certificate types the service creates through the API, by Apple's names, and the type the certificate then has. */
public enum PortalCertificateType {
    MAC_APP_DISTRIBUTION(AppleCertificateType.MAC_APP_DISTRIBUTION),
    MAC_INSTALLER_DISTRIBUTION(AppleCertificateType.MAC_INSTALLER_DISTRIBUTION),
    DEVELOPER_ID_APPLICATION(AppleCertificateType.DEVELOPER_ID_APPLICATION);

    private final AppleCertificateType appleType;

    PortalCertificateType(AppleCertificateType appleType) {
        this.appleType = appleType;
    }

    /** The type as the certificate itself says it (leaf marker and common name). */
    public AppleCertificateType appleType() {
        return appleType;
    }
}
