package io.signingmanager.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.service.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    static UnpackedPackage unpack(String name, Path root) throws IOException, InterruptedException {
        Path deb;
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("packaging.folder")))) {
            deb = files.filter(p -> p.getFileName().toString().matches(name + "_.*\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("No " + name + "_*.deb in target/"));
        }
        UnpackedPackage unpacked = new UnpackedPackage(deb, root);
        assertThat(unpacked.dpkgDeb("-x", deb.toString(), root.toString()).exit()).isZero();
        return unpacked;
    }

    Path deb() {
        return deb;
    }

    /** Where a file the package installs at {@code absolutePath} is in the unpacked folder. */
    Path installed(String absolutePath) {
        return root.resolve(absolutePath.substring(1));
    }

    /** Its control fields, as {@code dpkg-deb --field} prints them. */
    String fields(String... names) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("--field", deb.toString()));
        arguments.addAll(List.of(names));
        ExternalTool.Run fields = dpkgDeb(arguments.toArray(String[]::new));
        assertThat(fields.exit()).as(fields.toString()).isZero();
        return fields.stdout();
    }

    private ExternalTool.Run dpkgDeb(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dpkg-deb"));
        command.addAll(List.of(arguments));
        return run(Map.of(), command.toArray(String[]::new));
    }

    /** {@link ExternalTool#run}, its output kept in target/. */
    static ExternalTool.Run run(Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        return ExternalTool.run(List.of(command), environment, Path.of(System.getProperty("packaging.folder")));
    }
}
