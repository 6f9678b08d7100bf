package io.signingmanager.common.apple;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a workflow's identity signs: the app's code ({@code codesign}) or its installer package ({@code productsign}). */
public enum IdentityRole {
    APPLICATION("application", "Application"),
    INSTALLER("installer", "Installer");

    private final String wire;
    private final String title;

    IdentityRole(String wire, String title) {
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

    @JsonCreator
    public static IdentityRole fromWire(String wire) {
        for (IdentityRole role : values()) {
            if (role.wire.equals(wire)) {
                return role;
            }
        }
        return null;
    }
}
