package io.signingmanager.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs a program in a folder and answers its output (stdout and stderr together); fails unless it exits 0. */
final class ExternalCommand {
    private ExternalCommand() {
    }

    static String run(Path folder, List<String> command) throws IOException, InterruptedException {
        return run(folder, command, Map.of());
    }

    /** The same with these variables set ({@code null}: removed) in the program's environment. */
    static String run(Path folder, List<String> command, Map<String, String> variables)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        variables.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + exit + ":\n" + output);
        }
        return output;
    }
}
