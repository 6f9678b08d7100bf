package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonValue;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.protocol.WireName;

/**
 * What a provisioning profile allows, told from its content: devices listed (development, or ad hoc
 * when {@code get-task-allow} is off), all devices ({@code ProvisionsAllDevices}: Developer ID on
 * macOS, in-house on iOS), or none (App Store).
 */
public enum ProfileType implements WireName {
    DEVELOPMENT("development", "Development"),
    AD_HOC("ad-hoc", "Ad hoc"),
    APP_STORE("app-store", "App Store"),
    DEVELOPER_ID("developer-id", "Developer ID"),
    IN_HOUSE("in-house", "In-house");

    private final String wire;
    private final String title;

    ProfileType(String wire, String title) {
        this.wire = wire;
        this.title = title;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    public String title() {
        return title;
    }

    /** The type of profile a workflow of that distribution signs with. */
    public static ProfileType of(Distribution distribution) {
        return distribution == Distribution.MAC_APP_STORE ? APP_STORE : DEVELOPER_ID;
    }

    public static ProfileType fromWire(String wire) {
        return WireName.fromWire(ProfileType.class, wire);
    }
}
