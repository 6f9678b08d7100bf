package io.signingmanager.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A real Windows executable of a given size: a one-line C program built with MinGW, then pseudo-random
 * overlay data appended after its sections, which Authenticode hashes like the rest of the file.
 */
final class LargeExecutable {
    private static final int MIB = 1 << 20;
    private static final String SOURCE = "int main(void) { return 0; }\n";

    private LargeExecutable() {
    }

    /** Writes {@code app.exe} of the tiny program plus {@code overlayMib} MiB into that folder. */
    static Path make(Path folder, int overlayMib) throws IOException, InterruptedException {
        Files.writeString(folder.resolve("app.c"), SOURCE);
        ExternalCommand.run(folder, List.of("x86_64-w64-mingw32-gcc", "-O2", "-s", "-o", "app.exe", "app.c"));
        Path executable = folder.resolve("app.exe");
        SplittableRandom random = new SplittableRandom();
        byte[] block = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(executable, StandardOpenOption.APPEND)) {
            for (int i = 0; i < overlayMib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return executable;
    }
}
