package io.signingmanager.manager.agent;

import io.signingmanager.manager.connection.Problem;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** A request the agent answers {@code ERR <code> <message-hex>}. */
final class AgentError extends Exception {
    static final String BAD_REQUEST = "bad_request";
    static final String FORBIDDEN = "forbidden";

    private final String code;

    AgentError(String code, String message) {
        super(message);
        this.code = code;
    }

    static AgentError of(Problem problem) {
        return new AgentError(problem.code(), problem.describe());
    }

    static AgentError badRequest(String message) {
        return new AgentError(BAD_REQUEST, message);
    }

    String code() {
        return code;
    }

    /** The answer line, with its line end. */
    String answer() {
        return "ERR " + code + " " + HexFormat.of().formatHex(getMessage().getBytes(StandardCharsets.UTF_8)) + "\n";
    }
}
