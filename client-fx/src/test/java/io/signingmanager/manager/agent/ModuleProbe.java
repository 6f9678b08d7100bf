package io.signingmanager.manager.agent;

import io.signingmanager.manager.agent.Pkcs11Names.Attribute;
import io.signingmanager.manager.agent.Pkcs11Names.ObjectKind;
import io.signingmanager.manager.agent.Pkcs11Names.ReturnValue;
import io.signingmanager.service.testing.ExternalTool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the module answers, asked by pkcs11/test/conformance_probe.c through the real agent: every
 * function's answer in a logged-in read-only session, the library version, the slot's and token's
 * flags, each mechanism's info, and each attribute of each kind of object.
 */
record ModuleProbe(Map<String, ReturnValue> functions, String cryptokiVersion, long slotFlags, long tokenFlags,
                   List<MechanismInfo> mechanisms, Map<ObjectKind, Map<Attribute, AttributeAnswer>> attributes) {

    /** A mechanism as C_GetMechanismInfo gives it. */
    record MechanismInfo(long type, long minKeySize, long maxKeySize, long flags) {
    }

    /**
     * What C_GetAttributeValue answers for one attribute of one object, and the probe's word for its value:
     * a one-byte value in hex (a boolean), {@code empty}, or {@code -} for any other.
     */
    record AttributeAnswer(ReturnValue answer, String value) {
        String shown() {
            return switch (answer) {
                case CKR_OK -> switch (value) {
                    case "-" -> "yes";
                    case "empty" -> "empty";
                    default -> number(value) == 0 ? "false" : "true";
                };
                case CKR_ATTRIBUTE_SENSITIVE -> "sensitive";
                case CKR_ATTRIBUTE_TYPE_INVALID -> "—";
                default -> answer.name();
            };
        }
    }

    static ModuleProbe run(ModuleTools tools) throws Exception {
        List<String> command = new ArrayList<>(List.of(PeerSuites.HELPERS.resolve("conformance_probe").toString(),
                ModuleTools.MODULE.toString(), "1234"));
        Arrays.stream(Attribute.values()).map(attribute -> Long.toHexString(attribute.code)).forEach(command::add);
        ExternalTool.Run run = tools.run(command);
        if (run.exit() != 0) {
            throw new AssertionError("the conformance probe failed:\n" + run);
        }
        return parse(run.stdout());
    }

    private static ModuleProbe parse(String output) {
        Map<String, ReturnValue> functions = new LinkedHashMap<>();
        List<MechanismInfo> mechanisms = new ArrayList<>();
        Map<ObjectKind, Map<Attribute, AttributeAnswer>> attributes = new EnumMap<>(ObjectKind.class);
        String version = "";
        long slot = 0;
        long token = 0;
        for (String line : output.lines().toList()) {
            String[] words = line.split(" ");
            switch (words[0]) {
                case "function" -> functions.put(words[1], ReturnValue.of(number(words[2])));
                case "info" -> version = words[1];
                case "slot" -> slot = number(words[1]);
                case "token" -> token = number(words[1]);
                case "mechanism" -> mechanisms.add(new MechanismInfo(number(words[1]), number(words[2]), number(words[3]), number(words[4])));
                case "attribute" -> attributes.computeIfAbsent(ObjectKind.of(number(words[1]), number(words[2])), kind -> new EnumMap<>(Attribute.class))
                        .put(Attribute.of(number(words[3])), new AttributeAnswer(ReturnValue.of(number(words[4])), words[5]));
                default -> throw new AssertionError("the conformance probe wrote a line it should not: " + line);
            }
        }
        return new ModuleProbe(functions, version, slot, token, mechanisms, attributes);
    }

    private static long number(String hex) {
        return Long.parseUnsignedLong(hex.substring(2), 16);
    }
}
