package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonValue;
import io.signingmanager.common.protocol.WireName;

/**
 * How a workflow gets its certificates and profiles: uploaded by an admin (manual), or created by the
 * service through the App Store Connect API (automatic, not built yet).
 */
public enum SigningMethod implements WireName {
    MANUAL("manual", "Manual"),
    AUTOMATIC("automatic", "Automatic");

    private final String wire;
    private final String title;

    SigningMethod(String wire, String title) {
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

    public static SigningMethod fromWire(String wire) {
        return WireName.fromWire(SigningMethod.class, wire);
    }
}
