package io.signingmanager.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One of the Debian packages this module builds, unpacked with {@code dpkg-deb -x} into a folder as
 * dpkg would install it, and the commands the tests run on it.
 */
final class UnpackedPackage {
    private final Path deb;
    private final Path root;

    private UnpackedPackage(Path deb, Path root) {
        this.deb = deb;
        this.root = root;
    }

    /** The package {@code name}_*.deb of target/, unpacked into {@code root}. */
    static UnpackedPackage unpack(String name, Path root) throws IOException {
        Path deb;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("packaging.folder")))) {
            deb = files.filter(p -> p.getFileName().toString().matches(name + "_.*\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("No " + name + "_*.deb in target/"));
        }
        assertThat(run(Map.of(), "dpkg-deb", "-x", deb.toString(), root.toString()).exitCode()).isZero();
        return new UnpackedPackage(deb, root);
    }

    Path deb() {
        return deb;
    }

    /** Where a file the package installs at {@code absolutePath} is in the unpacked folder. */
    Path installed(String absolutePath) {
        return root.resolve(absolutePath.substring(1));
    }

    /** Its control fields, as {@code dpkg-deb --field} prints them. */
    String fields(String... names) {
        String[] command = new String[names.length + 3];
        command[0] = "dpkg-deb";
        command[1] = "--field";
        command[2] = deb.toString();
        System.arraycopy(names, 0, command, 3, names.length);
        Run fields = run(Map.of(), command);
        assertThat(fields.exitCode()).as(fields.err()).isZero();
        return fields.out();
    }

    /** One finished command: exit code and what it printed. */
    record Run(int exitCode, String out, String err) {
    }

    /** {@code environment}: variables to set; an empty value removes the variable. */
    static ProcessBuilder builder(Map<String, String> environment, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        environment.forEach((name, value) -> {
            if (value.isEmpty()) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        return builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    }

    static Run run(Map<String, String> environment, String... command) {
        try {
            Path err = Files.createTempFile("packaged-command", ".err");
            try {
                Process process = builder(environment, command).redirectError(err.toFile()).start();
                String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not end within 2 minutes");
                }
                return new Run(process.exitValue(), out, Files.readString(err));
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while running " + String.join(" ", command), e);
        }
    }
}
