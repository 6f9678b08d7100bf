package io.signingmanager.service.audit;

import io.signingmanager.common.protocol.WireName;
import java.util.Arrays;
import java.util.List;

/** What an audit record is about: a client's registration, its listing of certificates, a signature, a fetch of signing files, a sign-in, an admin action. */
public enum RequestType implements WireName {
    REGISTER("register"),
    INDEX("index"),
    SIGN("sign"),
    /** A build machine fetched a workflow list or its signing files (profiles and certificates). */
    FETCH("fetch"),
    LOGIN("login"),
    ADMIN("admin");

    /** The names stored and shown, in this order. */
    public static final List<String> WIRE_NAMES = Arrays.stream(values()).map(RequestType::wire).toList();

    private final String wire;

    RequestType(String wire) {
        this.wire = wire;
    }

    /** The name stored, hashed and shown. */
    @Override
    public String wire() {
        return wire;
    }
}
