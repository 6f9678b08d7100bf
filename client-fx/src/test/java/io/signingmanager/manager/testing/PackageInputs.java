package io.signingmanager.manager.testing;

import io.signingmanager.service.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * Flat installer packages made in the test run as a component package is made without a Mac: a
 * payload folder, its {@code Bom} from mkbom, a gzip'd cpio {@code Payload}, a {@code PackageInfo},
 * joined by xar into a .pkg (members uncompressed; TOC checksum SHA-1 as pkgbuild writes it, or another).
 */
public final class PackageInputs {
    private static final String PACKAGE_INFO = """
            <?xml version="1.0" encoding="utf-8"?>
            <pkg-info format-version="2" identifier="com.example.hello" version="1.0" install-location="/" auth="root">
              <payload installKBytes="1" numberOfFiles="4"/>
            </pkg-info>
            """;

    private PackageInputs() {
    }

    /** {@code folder/name}, a component package installing {@code /usr/local/bin/hello}, its TOC checksum SHA-1. */
    public static Path component(AppleTools tools, Path folder, String name) throws Exception {
        return component(tools, folder, name, "sha1");
    }

    /** The same with that TOC checksum ({@code sha1}, {@code sha256}, {@code sha512}: xar's {@code --toc-cksum}). */
    public static Path component(AppleTools tools, Path folder, String name, String tocChecksum) throws Exception {
        Path work = Files.createDirectories(folder.resolve(name + ".parts"));
        Path bin = Files.createDirectories(work.resolve("root/usr/local/bin"));
        Files.writeString(bin.resolve("hello"), "#!/bin/sh\necho 'installed by a signed package'\n");
        Files.setPosixFilePermissions(bin.resolve("hello"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path flat = Files.createDirectories(work.resolve("flat"));
        Files.writeString(flat.resolve("PackageInfo"), PACKAGE_INFO);
        Path root = work.resolve("root");
        make(work, tools.mkbom().toString(), "-u", "0", "-g", "80", root.toString(), flat.resolve("Bom").toString());
        make(work, "bash", "-c", "set -o pipefail; cd \"$1\" && find . | cpio -o --quiet --format odc --owner 0:80 | gzip -c > \"$2\"",
                "payload", root.toString(), flat.resolve("Payload").toString());
        // xar names the members as given: run it in the flat folder (ExternalTool has no working folder).
        Path pkg = folder.resolve(name).toAbsolutePath();
        make(work, "bash", "-c", "cd \"$1\" && \"$2\" --compression none --toc-cksum \"$4\" -cf \"$3\" Bom PackageInfo Payload",
                "xar", flat.toString(), tools.xar().toString(), pkg.toString(), tocChecksum);
        return pkg;
    }

    private static void make(Path folder, String... command) throws Exception {
        ExternalTool.Run run = ExternalTool.run(List.of(command), Map.of(), folder);
        if (run.exit() != 0) {
            throw new AssertionError(run.toString());
        }
    }
}
