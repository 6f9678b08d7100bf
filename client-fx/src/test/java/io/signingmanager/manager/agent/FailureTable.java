package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * docs/works-with-failures.md, made from what the tools showed in {@link FailureMessagesTest}: per failure,
 * the module's line, and per tool its exit code and its own first error line. Paths, the socket and the
 * certificate's SHA-1 are replaced by names, so the page is the same on every machine.
 */
final class FailureTable {
    static final Path PAGE = Path.of("").toAbsolutePath().getParent().resolve("docs/works-with-failures.md");
    private static final String MODULE_PREFIX = "signing-manager-pkcs11: ";
    private static final Pattern ERROR = Pattern.compile("(?i).*(error|fail|unable|cannot|can't|not found|exception|"
            + "no such|no certificate|no key|could not|invalid).*");
    private static final int LONGEST = 220;

    /** What cannot be: the cases of issue 20's "Bad cases", with what the module says in each. */
    enum Case {
        AGENT_GONE("The agent is not running", "the Signing Manager agent is not reachable at <socket>"),
        CLIENT_INACTIVE("This machine's client made inactive by an admin", "the agent refused: client_inactive"),
        CERTIFICATE_INACTIVE("The certificate made inactive (after the agent listed it)",
                "the agent refused: certificate_inactive"),
        WRONG_CERTIFICATE("A certificate the token does not have", "no certificate or key with the SHA-1 <SHA-1>");

        private final String title;
        private final String moduleSays;

        Case(String title, String moduleSays) {
            this.title = title;
            this.moduleSays = moduleSays;
        }

        String moduleSays() {
            return moduleSays;
        }
    }

    /** One tool's failure: its exit code, the module's first line and the tool's own first error line, normalized. */
    record Outcome(int exit, String module, String tool) {
        static Outcome of(ExternalTool.Run run, Path folder, Path socket, String sha1) {
            List<String> lines = Arrays.stream((run.stderr() + "\n" + run.stdout()).split("\n"))
                    .map(line -> normal(line, folder, socket, sha1)).filter(line -> !line.isBlank()).toList();
            String module = lines.stream().filter(line -> line.contains(MODULE_PREFIX)).findFirst()
                    .map(line -> line.substring(line.indexOf(MODULE_PREFIX) + MODULE_PREFIX.length())).orElse("");
            String tool = lines.stream().map(line -> line.contains(MODULE_PREFIX) ? line.substring(0, line.indexOf(MODULE_PREFIX))
                    : line).filter(line -> ERROR.matcher(line).matches()).findFirst().orElse("(nothing)");
            return new Outcome(run.exit(), module, tool);
        }
    }

    private FailureTable() {
    }

    /** The page matches what the tools showed; with {@code -Ddocs.write=true} it is written instead. */
    static void check(Map<Case, Map<SigningTool, Outcome>> seen) throws Exception {
        String page = page(seen);
        if (Boolean.getBoolean("docs.write")) {
            Files.writeString(PAGE, page);
        }
        assertThat(Files.exists(PAGE) ? Files.readString(PAGE) : "").as(PAGE + " is what FailureMessagesTest saw; run it with "
                + "-Ddocs.write=true to rewrite it").isEqualTo(page);
    }

    private static String page(Map<Case, Map<SigningTool, Outcome>> seen) {
        StringBuilder page = new StringBuilder("""
                # Works with: when signing cannot happen

                What each tool of [works-with.md](works-with.md) shows when it cannot sign, as `FailureMessagesTest`
                saw it (this page is written from that test's results: `mvn -pl client-fx verify
                -Dtest=FailureMessagesTest -Ddocs.write=true` rewrites it). Every tool fails within seconds with a
                non-zero exit code; nothing hangs. The module's line (`signing-manager-pkcs11: ...`) goes to the tool's
                stderr. git's failures, through gpgsm, are in [git-signing.md](git-signing.md#when-it-fails); the JCA
                provider's, in words from the service, in `JarsignerWithProviderTest`.
                """);
        for (Case failure : Case.values()) {
            page.append("\n## ").append(failure.title).append("\n\n| tool | exit | the module's line (`").append(MODULE_PREFIX)
                    .append("...`) | the tool's own words |\n|---|---|---|---|\n");
            seen.get(failure).forEach((tool, outcome) -> page.append("| ").append(tool.title()).append(" | ")
                    .append(outcome.exit()).append(" | ").append(code(outcome.module())).append(" | ")
                    .append(code(outcome.tool())).append(" |\n"));
        }
        return page.toString();
    }

    private static String code(String text) {
        return text.isEmpty() ? "(none)" : "`" + text.replace("|", "\\|").replace("`", "'") + "`";
    }

    private static String normal(String line, Path folder, Path socket, String sha1) {
        String text = line.strip().replace(socket.toString(), "<socket>").replace(folder.toString(), "<folder>")
                .replaceAll("(?i)" + sha1, "<SHA-1>").replaceAll("(?i)(%[0-9a-f]{2}){20}", "<id>");
        text = text.replaceAll("/tmp/[^ :'\"]+", "<tmp>").replaceAll("0x[0-9a-f]{6,}", "0x..")
                .replaceAll("\\(it has \\d+\\)", "(it has <n>)");
        return text.length() > LONGEST ? text.substring(0, LONGEST) + "..." : text;
    }
}
