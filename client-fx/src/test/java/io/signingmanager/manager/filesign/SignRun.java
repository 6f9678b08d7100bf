package io.signingmanager.manager.filesign;

import io.signingmanager.manager.cli.CommandLine;
import io.signingmanager.manager.connection.Manager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One run of {@code signing-manager sign ARGS}: exit code, stdout, stderr. */
record SignRun(int exitCode, String out, String err) {

    static SignRun of(Manager manager, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> arguments = new ArrayList<>(List.of("sign"));
        arguments.addAll(List.of(args));
        int exit = new CommandLine(manager, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(arguments);
        return new SignRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
