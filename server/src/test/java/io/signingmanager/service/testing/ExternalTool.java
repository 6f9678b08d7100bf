package io.signingmanager.service.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A tool nobody here wrote, run as a process with its output kept; killed after 60 s. */
public final class ExternalTool {
    private ExternalTool() {
    }

    /** How the run ended. */
    public record Run(List<String> command, int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            String shown = command.stream().map(word -> word.length() > 120 ? word.substring(0, 117) + "..." : word)
                    .collect(Collectors.joining(" "));
            return shown + "\nexited " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /**
     * Runs {@code command} with {@code environment} added to this process's (an empty value removes
     * that variable), writing its output in {@code folder}.
     */
    public static Run run(List<String> command, Map<String, String> environment, Path folder)
            throws IOException, InterruptedException {
        Path stdout = Files.createTempFile(folder, "stdout", ".txt");
        Path stderr = Files.createTempFile(folder, "stderr", ".txt");
        Process process = builder(command, environment).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", command) + " did not end in 60 s");
        }
        return new Run(command, process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    /** A process of {@code command} reading nothing, {@code environment} applied as in {@link #run}. */
    public static ProcessBuilder builder(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        environment.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return builder;
    }

    /** The JDK's own tool of that name ({@code jarsigner}, {@code keytool}). */
    public static String jdkTool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
