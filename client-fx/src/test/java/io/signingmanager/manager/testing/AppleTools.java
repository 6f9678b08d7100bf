package io.signingmanager.manager.testing;

import io.signingmanager.service.testing.ExternalTool;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Apple signature tools of {@code ../shared/apple-tools} (signapple's checkers, ldid, xar, mkbom),
 * built by its {@code setup.sh} into {@code client-fx/target/apple-tools} once per build: a later run
 * finds them there. Where the sources are missing or the build fails, a test that asks for the tools
 * is skipped saying why; in CI (which has {@code ../shared}) it fails instead.
 */
public final class AppleTools {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path PREFIX = MODULE.resolve("target/apple-tools");
    /** Written once setup.sh has succeeded: the variables it printed, one {@code NAME=value} a line. */
    private static final Path BUILT = PREFIX.resolve("tools.env");
    private static final boolean CI = "true".equals(System.getenv("CI"));
    private static final String PYTHON = "/usr/bin/python3";
    private static AppleTools tools;
    private static String unavailable;

    private final Map<String, String> variables;

    private AppleTools(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The tools, built now if this build has not built them yet; skips (fails in CI) the test when they cannot be. */
    public static synchronized AppleTools get() {
        if (tools == null && unavailable == null) {
            try {
                tools = new AppleTools(built());
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        if (unavailable != null) {
            if (CI) {
                throw new AssertionError("The Apple tools are needed in CI: " + unavailable);
            }
            Assumptions.abort("The Apple tools are not available here: " + unavailable);
        }
        return tools;
    }

    /** The {@code ../shared/apple-tools} folder beside the repository or beside one of its parent folders. */
    static Path sources() throws IOException {
        for (Path folder = MODULE.getParent(); folder != null; folder = folder.getParent()) {
            Path candidate = folder.getParent() == null ? null : folder.getParent().resolve("shared/apple-tools");
            if (candidate != null && Files.isRegularFile(candidate.resolve("setup.sh"))) {
                return candidate;
            }
        }
        throw new IOException("no ../shared/apple-tools/setup.sh beside " + MODULE.getParent() + " or its parent folders");
    }

    private static Map<String, String> built() throws Exception {
        Path setup = sources().resolve("setup.sh");
        Files.createDirectories(PREFIX);
        // Another test JVM of the same build (a forked run) may be building them: one at a time.
        try (FileChannel lockFile = FileChannel.open(PREFIX.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (!Files.isRegularFile(BUILT)) {
                build(setup);
            }
            Map<String, String> variables = parse(Files.readAllLines(BUILT));
            for (String tool : List.of("APPLE_TOOLS_LDID", "APPLE_TOOLS_XAR", "APPLE_TOOLS_MKBOM")) {
                if (!Files.isExecutable(Path.of(variables.getOrDefault(tool, "")))) {
                    throw new IOException(tool + " is not built: " + variables.get(tool) + "; delete " + PREFIX + " to build again");
                }
            }
            return variables;
        }
    }

    private static void build(Path setup) throws Exception {
        Path log = Files.createTempFile(MODULE.resolve("target"), "apple-tools-setup", ".log");
        ProcessBuilder builder = ExternalTool.builder(List.of("bash", setup.toString()),
                        Map.of("PREFIX", PREFIX.toString(), "DEBIAN_FRONTEND", "noninteractive"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IOException(setup + " did not end in 15 minutes; its output is in " + log);
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IOException(setup + " failed (exit " + process.exitValue() + "), its output is in " + log + ":\n"
                    + output.substring(Math.max(0, output.length() - 2000)));
        }
        List<String> lines = output.lines().filter(line -> line.startsWith("APPLE_TOOLS_")).toList();
        Files.write(BUILT, lines, StandardCharsets.UTF_8);
    }

    private static Map<String, String> parse(List<String> lines) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : lines) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                variables.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return variables;
    }

    public Path ldid() {
        return Path.of(variables.get("APPLE_TOOLS_LDID"));
    }

    public Path xar() {
        return Path.of(variables.get("APPLE_TOOLS_XAR"));
    }

    public Path mkbom() {
        return Path.of(variables.get("APPLE_TOOLS_MKBOM"));
    }

    /** The folder of the checkers {@code verify_macho.py}, {@code verify_pkg.py}, {@code check_coderesources.py}. */
    public Path bin() {
        return Path.of(variables.get("APPLE_TOOLS_BIN"));
    }

    /** signapple and the modules it needs, for {@code PYTHONPATH}. */
    public Path pythonPath() {
        return Path.of(variables.get("APPLE_TOOLS_PYTHONPATH"));
    }

    /** Runs one of the checkers of {@link #bin()} with Debian's Python and the tools' modules. */
    public ExternalTool.Run check(String script, List<String> arguments, Path folder) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, bin().resolve(script).toString()));
        command.addAll(arguments);
        return ExternalTool.run(command, Map.of("PYTHONPATH", pythonPath().toString()), folder);
    }

    /** {@code verify_macho.py --root ROOT FILE}: signapple's verification, trusting that root (PEM). */
    public ExternalTool.Run verifyMacho(Path file, Path rootPem, Path folder) throws IOException, InterruptedException {
        return check("verify_macho.py", List.of("--root", rootPem.toString(), file.toString()), folder);
    }

    /** {@code verify_pkg.py --root ROOT PKG}: the package's TOC checksum, both signatures, the chain and the files. */
    public ExternalTool.Run verifyPkg(Path pkg, Path rootPem, Path folder) throws IOException, InterruptedException {
        return check("verify_pkg.py", List.of("--root", rootPem.toString(), pkg.toString()), folder);
    }

    /** Any tool by its path, like {@code ldid -h FILE} or {@code xar -t -f PKG}. */
    public ExternalTool.Run run(Path folder, String... command) throws IOException, InterruptedException {
        return ExternalTool.run(List.of(command), Map.of(), folder);
    }
}
