package io.signingmanager.manager.gitsign;

import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.tools.ToolRunner;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The programs git signing needs (git, gpgsm, gpgconf, gnupg-pkcs11-scd), found on the PATH and run. */
final class Programs {
    private Programs() {
    }

    /** The program of that name in a folder of the PATH. */
    static Optional<Path> find(String name, Map<String, String> variables) {
        String path = variables.getOrDefault("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder.isEmpty() ? "." : folder, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    static Problem missing(String program, String debianPackage) {
        return new Problem(Problem.Kind.LOCAL, program + " is not installed; git signs with X.509 certificates through it.",
                "Install it: sudo apt-get install " + debianPackage, null);
    }

    /** Runs the command to its end (at most 20 s); a program that cannot start is a problem. */
    static ToolRunner.Result run(List<String> command, Map<String, String> variables) throws Problem {
        try {
            return ToolRunner.run(command, variables, null);
        } catch (IOException e) {
            throw new Problem(Problem.Kind.LOCAL, "Cannot run " + command.get(0) + ": " + e.getMessage(),
                    "Check that it is installed.", e);
        }
    }
}
