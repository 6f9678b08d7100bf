package io.signingmanager.manager.agent;

import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.connection.ProblemCode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** A request the agent answers {@code ERR <code> <message-hex>}. */
final class AgentError extends Exception {
    private final ProblemCode code;

    AgentError(ProblemCode code, String message) {
        super(message);
        this.code = code;
    }

    static AgentError of(Problem problem) {
        return new AgentError(problem.code(), problem.describe());
    }

    static AgentError badRequest(String message) {
        return new AgentError(ProblemCode.BAD_REQUEST, message);
    }

    ProblemCode code() {
        return code;
    }

    /** The answer line, with its line end. */
    String answer() {
        return "ERR " + code.wire() + " " + HexFormat.of().formatHex(getMessage().getBytes(StandardCharsets.UTF_8)) + "\n";
    }
}
