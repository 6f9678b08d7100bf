package io.signingmanager.service.appstore.automatic;

import com.fasterxml.jackson.annotation.JsonValue;
import io.signingmanager.common.protocol.WireName;

/** How an automatic run ended; at the certificate limit it waits for an admin's choice (revoke one, or go manual). */
public enum RunOutcome implements WireName {
    SUCCEEDED("succeeded", "Succeeded"),
    FAILED("failed", "Failed"),
    CERTIFICATE_LIMIT("certificate-limit", "Certificate limit");

    private final String wire;
    private final String title;

    RunOutcome(String wire, String title) {
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

    public static RunOutcome fromWire(String wire) {
        return WireName.fromWire(RunOutcome.class, wire);
    }
}
