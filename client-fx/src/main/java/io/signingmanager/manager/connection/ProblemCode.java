package io.signingmanager.manager.connection;

import io.signingmanager.common.client.SigningServiceException;
import io.signingmanager.common.protocol.ErrorCode;
import java.util.Locale;
import java.util.Optional;

/**
 * What went wrong, as one word: the codes the agent answers ({@code ERR <code> <message-hex>},
 * docs/agent-protocol.md) and the PKCS#11 module turns into a {@code CKR_} value. The agent, this
 * enum, the document's table and the module's {@code pkcs11/src/agent_errors.h} list the same codes
 * (AgentErrorCodesTest checks it); {@link #pkcs11} is what the module returns for each.
 */
public enum ProblemCode {
    UNAUTHENTICATED(Problem.Kind.REFUSED, "CKR_FUNCTION_REJECTED"),
    KEY_INACTIVE(Problem.Kind.REFUSED, "CKR_FUNCTION_REJECTED"),
    CLIENT_INACTIVE(Problem.Kind.REFUSED, "CKR_FUNCTION_REJECTED"),
    CERTIFICATE_INACTIVE(Problem.Kind.REFUSED, "CKR_FUNCTION_REJECTED"),
    NOT_AUTHORIZED(Problem.Kind.REFUSED, "CKR_FUNCTION_REJECTED"),
    UNKNOWN_CERTIFICATE(Problem.Kind.REFUSED, "CKR_KEY_HANDLE_INVALID"),
    BAD_REQUEST(Problem.Kind.REFUSED, "CKR_FUNCTION_FAILED"),
    /** The service refused for another reason (it is busy, its storage is down, ...): the message says. */
    SERVICE(Problem.Kind.SERVICE, "CKR_FUNCTION_REJECTED"),
    BAD_ANSWER(Problem.Kind.SERVICE, "CKR_FUNCTION_REJECTED"),
    UNREACHABLE(Problem.Kind.UNREACHABLE, "CKR_DEVICE_ERROR"),
    UNTRUSTED_TLS(Problem.Kind.UNTRUSTED_TLS, "CKR_DEVICE_ERROR"),
    NOT_CONFIGURED(Problem.Kind.NOT_CONFIGURED, "CKR_DEVICE_ERROR"),
    /** The Signing Manager cannot read or write its own files. */
    LOCAL(Problem.Kind.LOCAL, "CKR_FUNCTION_REJECTED"),
    /** The agent serves only the user who started it. */
    FORBIDDEN(Problem.Kind.LOCAL, "CKR_FUNCTION_REJECTED"),
    /** Every connection the agent takes is busy answering a request. */
    BUSY(Problem.Kind.LOCAL, "CKR_FUNCTION_REJECTED");

    private final Problem.Kind kind;
    private final String pkcs11;

    ProblemCode(Problem.Kind kind, String pkcs11) {
        this.kind = kind;
        this.pkcs11 = pkcs11;
    }

    /** The code as the agent sends it, e.g. {@code key_inactive}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of problem a client makes of this code. */
    public Problem.Kind kind() {
        return kind;
    }

    /** The PKCS#11 return value the module makes of this code. */
    public String pkcs11() {
        return pkcs11;
    }

    /** The code of that wire name; empty for one this client does not know (a newer agent's). */
    public static Optional<ProblemCode> fromWire(String wire) {
        for (ProblemCode code : values()) {
            if (code.wire().equals(wire)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }

    /** A failed call to the Signing Service as one code: the service's own when the agent passes it on. */
    static ProblemCode of(SigningServiceException e) {
        return switch (e.failure()) {
            case UNREACHABLE -> UNREACHABLE;
            case UNTRUSTED_TLS -> UNTRUSTED_TLS;
            case BAD_ANSWER -> BAD_ANSWER;
            case REFUSED -> e.code().map(ProblemCode::passedOn).orElse(SERVICE);
        };
    }

    private static ProblemCode passedOn(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> UNAUTHENTICATED;
            case KEY_INACTIVE -> KEY_INACTIVE;
            case CLIENT_INACTIVE -> CLIENT_INACTIVE;
            case CERTIFICATE_INACTIVE -> CERTIFICATE_INACTIVE;
            case NOT_AUTHORIZED -> NOT_AUTHORIZED;
            case UNKNOWN_CERTIFICATE -> UNKNOWN_CERTIFICATE;
            case BAD_REQUEST -> BAD_REQUEST;
            default -> SERVICE;
        };
    }
}
