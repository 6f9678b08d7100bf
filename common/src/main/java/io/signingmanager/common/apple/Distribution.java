package io.signingmanager.common.apple;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.signingmanager.common.protocol.WireName;

/**
 * How a workflow's app reaches its users, which decides the certificates and the profile it needs:
 * the Mac App Store (the seed's case; the installer certificate is required to upload a package) or
 * Developer ID, outside the store (notarized; the installer certificate is optional).
 */
public enum Distribution implements WireName {
    MAC_APP_STORE("mac-app-store", "Mac App Store", AppleCertificateType.MAC_APP_DISTRIBUTION,
            AppleCertificateType.MAC_INSTALLER_DISTRIBUTION, true),
    DEVELOPER_ID("developer-id", "Developer ID", AppleCertificateType.DEVELOPER_ID_APPLICATION,
            AppleCertificateType.DEVELOPER_ID_INSTALLER, false);

    private final String wire;
    private final String title;
    private final AppleCertificateType applicationType;
    private final AppleCertificateType installerType;
    private final boolean installerRequired;

    Distribution(String wire, String title, AppleCertificateType applicationType,
                 AppleCertificateType installerType, boolean installerRequired) {
        this.wire = wire;
        this.title = title;
        this.applicationType = applicationType;
        this.installerType = installerType;
        this.installerRequired = installerRequired;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    public String title() {
        return title;
    }

    /** The type the application certificate must have. */
    public AppleCertificateType applicationType() {
        return applicationType;
    }

    /** The type the installer certificate must have. */
    public AppleCertificateType installerType() {
        return installerType;
    }

    public boolean installerRequired() {
        return installerRequired;
    }

    /** Code signed for distribution outside the store must use the hardened runtime to be notarized. */
    public boolean hardenedRuntime() {
        return this == DEVELOPER_ID;
    }

    public AppleCertificateType typeFor(IdentityRole role) {
        return role == IdentityRole.APPLICATION ? applicationType : installerType;
    }

    @JsonCreator
    public static Distribution fromWire(String wire) {
        return WireName.fromWire(Distribution.class, wire);
    }
}
