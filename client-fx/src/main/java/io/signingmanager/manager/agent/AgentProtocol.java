package io.signingmanager.manager.agent;

import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.connection.ProblemCode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Logger;

/** The answers to the requests of docs/agent-protocol.md, one line in, its answer out. */
final class AgentProtocol {
    static final String VERSION = "1";
    private static final Logger LOG = Logger.getLogger(AgentProtocol.class.getName());
    private static final HexFormat HEX = HexFormat.of();

    private final Manager manager;
    private final IdentityCache identities;

    AgentProtocol(Manager manager, IdentityCache identities) {
        this.manager = manager;
        this.identities = identities;
    }

    /** The answer to one request line (without its line end), every line of it ending with {@code \n}. */
    String answer(String request) {
        try {
            String[] words = request.split(" ", -1);
            return switch (words[0]) {
                case "HELLO" -> hello(words);
                case "LIST" -> list(words);
                case "SIGN" -> sign(words);
                default -> throw AgentError.badRequest("Unknown request '" + abbreviate(words[0])
                        + "'; send HELLO 1, LIST or SIGN.");
            };
        } catch (AgentError e) {
            return e.answer();
        }
    }

    private static String hello(String[] words) throws AgentError {
        if (words.length != 2 || !words[1].equals(VERSION)) {
            throw AgentError.badRequest("This agent speaks protocol version " + VERSION + ": send HELLO " + VERSION + ".");
        }
        return "OK " + VERSION + "\n";
    }

    private String list(String[] words) throws AgentError {
        if (words.length != 1) {
            throw AgentError.badRequest("LIST takes no arguments.");
        }
        List<Identity> listed;
        try {
            listed = identities.identities();
        } catch (Problem problem) {
            throw AgentError.of(problem);
        }
        StringBuilder answer = new StringBuilder("OK ").append(listed.size()).append('\n');
        for (Identity identity : listed) {
            try {
                answer.append(IdentityBlock.of(identity));
            } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
                throw new AgentError(ProblemCode.BAD_ANSWER, "The certificate " + identity.sha1()
                        + " from the Signing Service cannot be read: " + e.getMessage());
            }
        }
        return answer.append("END\n").toString();
    }

    private String sign(String[] words) throws AgentError {
        if (words.length != 4 && words.length != 5) {
            throw AgentError.badRequest("Send SIGN <sha1> <algorithm> <data-hex> [<context-hex>].");
        }
        byte[] data = hex(words[3], "data");
        SignContext context = words.length == 5 ? context(hex(words[4], "context")) : null;
        try {
            byte[] signature = manager.sign(words[1], words[2], data, context).signature();
            // A detail (the service's audit has every signature): at INFO, the file's write and flush
            // cost 0.03 to 0.07 ms on the signature's path, a third of the agent's hop.
            LOG.fine(() -> "Signed with " + abbreviate(words[1]) + " (" + abbreviate(words[2]) + ")");
            return "OK " + HEX.formatHex(signature) + "\n";
        } catch (Problem problem) {
            if (problem.code() == ProblemCode.UNKNOWN_CERTIFICATE) {
                identities.forget();
            }
            LOG.warning(() -> "Signing with " + abbreviate(words[1]) + " failed: " + problem.getMessage());
            throw AgentError.of(problem);
        }
    }

    private static byte[] hex(String value, String field) throws AgentError {
        try {
            return HEX.parseHex(value);
        } catch (IllegalArgumentException e) {
            throw AgentError.badRequest("The " + field + " of SIGN must be hex.");
        }
    }

    private static SignContext context(byte[] json) throws AgentError {
        try {
            return Json.mapper().readValue(json, SignContext.class);
        } catch (IOException e) {
            throw AgentError.badRequest("The context of SIGN must be the hex of a JSON object with fileName, "
                    + "fileSha256, format and note.");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
