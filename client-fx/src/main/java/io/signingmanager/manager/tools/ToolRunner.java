package io.signingmanager.manager.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an OS tool (secret-tool, security, git, gpgsm) to its end: a secret goes on its standard input,
 * never on its command line; its output and errors are read together.
 */
public final class ToolRunner {
    private static final long TIMEOUT_SECONDS = 20;

    /** What the tool printed and how it ended. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ToolRunner() {
    }

    public static Result run(List<String> command, String input) throws IOException {
        return run(command, Map.of(), input);
    }

    /** The same with these variables added to (or replacing those of) this process's environment. */
    public static Result run(List<String> command, Map<String, String> variables, String input) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(variables);
        Process process = builder.start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output;
        try (InputStream stdout = process.getInputStream()) {
            output = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(command.get(0) + " was interrupted", e);
        }
        return new Result(process.exitValue(), output);
    }
}
