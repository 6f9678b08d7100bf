package io.signingmanager.service.audit;

/** What an admin action was done to; {@link #PAGE} and {@link #API} are the routes a refused caller asked for. */
public enum ObjectKind {
    CERTIFICATE("certificate"),
    API_KEY("api-key"),
    CLIENT("client"),
    USER("user"),
    LICENSE("license"),
    WORKFLOW("workflow"),
    PROFILE("profile"),
    CONNECT_KEY("connect-key"),
    BACKUP("backup"),
    PAGE("page"),
    API("api");

    private final String wire;

    ObjectKind(String wire) {
        this.wire = wire;
    }

    /** The name stored and shown. */
    public String wire() {
        return wire;
    }
}
