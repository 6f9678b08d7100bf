package io.signingmanager.common.apple;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.signingmanager.common.protocol.WireName;

/** What a workflow's identity signs: the app's code ({@code codesign}) or its installer package ({@code productsign}). */
public enum IdentityRole implements WireName {
    APPLICATION("application", "Application"),
    INSTALLER("installer", "Installer");

    private final String wire;
    private final String title;

    IdentityRole(String wire, String title) {
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

    @JsonCreator
    public static IdentityRole fromWire(String wire) {
        return WireName.fromWire(IdentityRole.class, wire);
    }
}
