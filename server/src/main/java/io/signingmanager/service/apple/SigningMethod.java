package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a workflow gets its certificates and profiles: uploaded by an admin (manual), or created by the
 * service through the App Store Connect API (automatic, not built yet).
 */
public enum SigningMethod {
    MANUAL("manual", "Manual"),
    AUTOMATIC("automatic", "Automatic");

    private final String wire;
    private final String title;

    SigningMethod(String wire, String title) {
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

    public static SigningMethod fromWire(String wire) {
        for (SigningMethod method : values()) {
            if (method.wire.equals(wire)) {
                return method;
            }
        }
        return null;
    }
}
