package io.signingmanager.manager.testing;

import io.signingmanager.service.testing.ExternalTool;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools built from a folder of {@code ../shared} (sources and a build script beside the repository in
 * CI), by that script into {@code client-fx/target/FOLDER} once per build: a later run finds them
 * there. The script prints the tools' paths as {@code NAME=value} lines. Where the sources are missing
 * or the build fails, a test that asks for the tools is skipped saying why; in CI (which has
 * {@code ../shared}) it fails instead.
 */
public final class SharedBuild {
    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final boolean CI = "true".equals(System.getenv("CI"));
    private static final Pattern VARIABLE = Pattern.compile("[A-Z][A-Z0-9_]*=.*");

    private final String what;
    private final String folder;
    private final String script;
    private final List<String> executables;
    private Map<String, String> variables;
    private String unavailable;

    /**
     * {@code what} names the tools in messages; {@code ../shared/FOLDER/SCRIPT} builds them; the variables
     * named in {@code executables} must name executable files once it has.
     */
    public SharedBuild(String what, String folder, String script, List<String> executables) {
        this.what = what;
        this.folder = folder;
        this.script = script;
        this.executables = List.copyOf(executables);
    }

    /** The variables the script printed, built now if this build has not yet; skips (fails in CI) the test when it cannot. */
    public synchronized Map<String, String> variables() {
        if (variables == null && unavailable == null) {
            try {
                variables = built();
            } catch (Exception e) {
                unavailable = e.getMessage();
            }
        }
        if (unavailable != null) {
            if (CI) {
                throw new AssertionError(what + " are needed in CI: " + unavailable);
            }
            Assumptions.abort(what + " are not available here: " + unavailable);
        }
        return variables;
    }

    /** Where the tools are built: {@code client-fx/target/FOLDER}. */
    public Path prefix() {
        return MODULE.resolve("target").resolve(folder);
    }

    /** The {@code ../shared/FOLDER} folder beside the repository or beside one of its parent folders. */
    private Path sources() throws IOException {
        for (Path parent = MODULE.getParent(); parent != null; parent = parent.getParent()) {
            Path candidate = parent.getParent() == null ? null : parent.getParent().resolve("shared").resolve(folder);
            if (candidate != null && Files.isRegularFile(candidate.resolve(script))) {
                return candidate;
            }
        }
        throw new IOException("no ../shared/" + folder + "/" + script + " beside " + MODULE.getParent() + " or its parent folders");
    }

    private Map<String, String> built() throws Exception {
        Path built = prefix().resolve("tools.env");
        Path source = sources().resolve(script);
        Files.createDirectories(prefix());
        // Another test JVM of the same build (a forked run) may be building them: one at a time.
        try (FileChannel lockFile = FileChannel.open(prefix().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            if (!Files.isRegularFile(built)) {
                Files.write(built, build(source), StandardCharsets.UTF_8);
            }
            Map<String, String> found = parse(Files.readAllLines(built));
            for (String tool : executables) {
                if (!Files.isExecutable(Path.of(found.getOrDefault(tool, "")))) {
                    throw new IOException(tool + " is not built: " + found.get(tool) + "; delete " + prefix() + " to build again");
                }
            }
            return found;
        }
    }

    private List<String> build(Path source) throws Exception {
        Path log = Files.createTempFile(MODULE.resolve("target"), folder + "-build", ".log");
        ProcessBuilder builder = ExternalTool.builder(List.of("bash", source.toString()),
                        Map.of("PREFIX", prefix().toString(), "DEBIAN_FRONTEND", "noninteractive"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IOException(source + " did not end in 15 minutes; its output is in " + log);
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new IOException(source + " failed (exit " + process.exitValue() + "), its output is in " + log + ":\n"
                    + output.substring(Math.max(0, output.length() - 2000)));
        }
        return output.lines().filter(line -> VARIABLE.matcher(line).matches()).toList();
    }

    private static Map<String, String> parse(List<String> lines) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String line : lines) {
            int equals = line.indexOf('=');
            parsed.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return parsed;
    }
}
