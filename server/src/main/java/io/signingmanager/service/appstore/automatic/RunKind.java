package io.signingmanager.service.appstore.automatic;

import com.fasterxml.jackson.annotation.JsonValue;
import io.signingmanager.common.protocol.WireName;

/** What started an automatic run: an admin's "Set up signing", an admin's "Check now", or the daily check. */
public enum RunKind implements WireName {
    SET_UP("set-up", "Set up signing"),
    CHECK("check", "Check now"),
    DAILY_CHECK("daily-check", "Daily check");

    private final String wire;
    private final String title;

    RunKind(String wire, String title) {
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

    public static RunKind fromWire(String wire) {
        return WireName.fromWire(RunKind.class, wire);
    }
}
