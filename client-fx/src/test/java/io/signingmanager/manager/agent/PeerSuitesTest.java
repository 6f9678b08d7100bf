package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.agent.ToolCalls.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two peer PKCS#11 conformance suites (Google's pkcs11test, OpenSC's p11test) on the module, with the
 * real agent and Signing Service: every failure must be one {@link PeerFailure} classes (so a test that
 * passed before and fails now fails this), and docs/pkcs11-conformance.md must be what
 * {@link ConformanceTable} writes from the results, the module's answers and the tools' calls.
 * {@code -Dconformance.write=true} writes the page instead of comparing it. Skipped, saying why, where
 * {@code ../shared/pkcs11-suites} is missing (outside CI).
 */
class PeerSuitesTest extends ModuleTest {
    private static final Path DOCS = Path.of("").toAbsolutePath().getParent().resolve("docs/pkcs11-conformance.md");
    private static final Pattern FUNCTION = Pattern.compile("X\\((C_\\w+),");

    @Test
    void peerSuitesFailOnlyWhereTheModuleOffersNothingAndTheConformanceTableSaysSo() throws Exception {
        PeerSuites suites = new PeerSuites(tools, folder);
        suites.build();
        List<SuiteResults.Result> results = new ArrayList<>(SuiteResults.read(suites.pkcs11test()));
        PeerSuites.Run p11test = suites.p11test();
        results.addAll(SuiteResults.read(p11test));
        assertThat(PeerFailure.problems(results)).as("the peer suites' results against PeerFailure's classes").isEmpty();

        List<String> functions = functions();
        ModuleProbe probe = ModuleProbe.run(tools);
        assertThat(probe.functions().keySet()).as("the functions the probe called").containsExactlyInAnyOrderElementsOf(functions);
        ToolCalls.Context context = ToolCalls.Context.create(folder, AgentTest.sha1(rsa), commonName(rsa));
        Map<Tool, List<String>> toolCalls = new EnumMap<>(Tool.class);
        for (Tool tool : Tool.values()) {
            toolCalls.put(tool, ToolCalls.calls(tools, folder, tool, context, functions));
        }

        String table = ConformanceTable.write(functions, probe, toolCalls, results, p11test.log());
        Path written = Files.writeString(Path.of("target/pkcs11-conformance.md"), table);
        if (Boolean.getBoolean("conformance.write")) {
            Files.writeString(DOCS, table);
        }
        assertThat(Files.exists(DOCS) ? Files.readString(DOCS) : "")
                .as(DOCS + " differs from what the suites and the module say now (" + written.toAbsolutePath()
                        + "); if the change is meant, write it again: " + ConformanceTable.REGENERATE)
                .isEqualTo(table);
    }

    /** The module's function list, in its order: pkcs11/src/pkcs11.h's CK_FUNCTIONS. */
    private static List<String> functions() throws Exception {
        List<String> functions = new ArrayList<>();
        Matcher matcher = FUNCTION.matcher(Files.readString(PeerSuites.PKCS11.resolve("src/pkcs11.h")));
        while (matcher.find()) {
            functions.add(matcher.group(1));
        }
        return functions;
    }
}
