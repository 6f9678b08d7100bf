package io.signingmanager.common.protocol;

/** The error codes of the client protocol and the admin API, with their HTTP status. */
public enum ErrorCode {
    BAD_REQUEST(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    KEY_INACTIVE(403),
    CLIENT_INACTIVE(403),
    CERTIFICATE_INACTIVE(403),
    NOT_AUTHORIZED(403),
    PASSWORD_CHANGE_REQUIRED(403),
    AGREEMENT_REQUIRED(403),
    FIRST_RUN_LOCAL_ONLY(403),
    CSRF_MISMATCH(403),
    ACCOUNT_LOCKED(429),
    UNKNOWN_CERTIFICATE(404),
    NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    REQUEST_TIMEOUT(408),
    CONFLICT(409),
    TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INVALID_P12(400),
    WRONG_PASSWORD(400),
    NO_PRIVATE_KEY(400),
    SEVERAL_KEYS(400),
    KEY_MISMATCH(400),
    UNSUPPORTED_KEY(400),
    INVALID_LICENSE(400),
    INVALID_PROFILE(400),
    UNSUITABLE_CERTIFICATE(400),
    UNSUITABLE_PROFILE(400),
    WORKFLOW_NOT_READY(409),
    CERTIFICATE_LIMIT(409),
    INVALID_CONNECT_KEY(400),
    APP_STORE_CONNECT(502),
    UNAVAILABLE(503),
    STORAGE_UNAVAILABLE(503),
    INTERNAL(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** The code as it appears on the wire, e.g. {@code key_inactive}. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static ErrorCode fromWire(String code) {
        for (ErrorCode c : values()) {
            if (c.wire().equals(code)) {
                return c;
            }
        }
        return null;
    }
}
