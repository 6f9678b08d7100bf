package io.signingmanager.service.audit;

import io.signingmanager.common.protocol.WireName;
import java.util.Arrays;
import java.util.List;

/** Whether the audited call or action succeeded. */
public enum Status implements WireName {
    SUCCESS("success"),
    FAILURE("failure");

    /** The names stored and shown, in this order. */
    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(Status::wire).toList();

    private final String wire;

    Status(String wire) {
        this.wire = wire;
    }

    /** The name stored, hashed and shown. */
    @Override
    public String wire() {
        return wire;
    }
}
