package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonValue;
import io.signingmanager.common.apple.IdentityRole;

/** The places of a manual workflow that hold a certificate or a profile. */
public enum Slot {
    APPLICATION_CERTIFICATE("application-certificate", "Application certificate"),
    INSTALLER_CERTIFICATE("installer-certificate", "Installer certificate"),
    PROFILE("profile", "Provisioning profile"),
    /** One per app extension, told apart by the extension's bundle identifier. */
    EXTENSION_PROFILE("extension-profile", "Extension profile");

    private final String wire;
    private final String title;

    Slot(String wire, String title) {
        this.wire = wire;
        this.title = title;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public String title() {
        return title;
    }

    public static Slot certificate(IdentityRole role) {
        return role == IdentityRole.APPLICATION ? APPLICATION_CERTIFICATE : INSTALLER_CERTIFICATE;
    }
}
