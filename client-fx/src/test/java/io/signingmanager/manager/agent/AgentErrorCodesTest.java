package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.connection.ProblemCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent's error codes are listed three times, for three readers: {@link ProblemCode} for the
 * agent and the JCA provider, the table of docs/agent-protocol.md for people, and
 * pkcs11/src/agent_errors.h for the C module. Each maps a code to the PKCS#11 value the module
 * returns; all three must say the same, in the same order.
 */
class AgentErrorCodesTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern DOC_ROW = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| .* \\| `(CKR_[A-Z_]+)` \\|$");
    private static final Pattern HEADER_ROW = Pattern.compile("X\\(\"([a-z_]+)\", (CKR_[A-Z_]+)\\)");

    @Test
    void theEnumTheDocumentAndTheCHeaderListTheSameCodesWithTheSamePkcs11Values() throws Exception {
        Map<String, String> java = Arrays.stream(ProblemCode.values())
                .collect(Collectors.toMap(ProblemCode::wire, ProblemCode::pkcs11, (a, b) -> a, LinkedHashMap::new));

        Map<String, String> doc = table(DOC_ROW, Files.readString(PROJECT.resolve("docs/agent-protocol.md")));
        Map<String, String> header = table(HEADER_ROW, Files.readString(PROJECT.resolve("pkcs11/src/agent_errors.h")));

        assertThat(doc).as("docs/agent-protocol.md").containsExactlyEntriesOf(java);
        assertThat(header).as("pkcs11/src/agent_errors.h").containsExactlyEntriesOf(java);
    }

    @Test
    void everyCodeSurvivesTheWire() {
        for (ProblemCode code : ProblemCode.values()) {
            assertThat(ProblemCode.fromWire(code.wire())).contains(code);
        }
        assertThat(ProblemCode.fromWire("something_newer")).isEmpty();
    }

    private static Map<String, String> table(Pattern row, String text) {
        Map<String, String> codes = new LinkedHashMap<>();
        Matcher matcher = row.matcher(text);
        while (matcher.find()) {
            assertThat(codes.put(matcher.group(1), matcher.group(2))).as("listed twice: " + matcher.group(1)).isNull();
        }
        return codes;
    }
}
