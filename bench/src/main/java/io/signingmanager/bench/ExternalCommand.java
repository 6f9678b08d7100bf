package io.signingmanager.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs a program in a folder and answers its output (stdout and stderr together); fails unless it exits 0. */
final class ExternalCommand {
    private ExternalCommand() {
    }

    static String run(Path folder, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + exit + ":\n" + output);
        }
        return output;
    }
}
