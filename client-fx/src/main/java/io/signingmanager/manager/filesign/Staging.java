package io.signingmanager.manager.filesign;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Work files beside the output, moved over it only once the signature is made: a failed signing
 * leaves nothing behind and never a half-written output. Each work file ends with the output's name,
 * so jsign, which tells scripts and packages by extension, sees the right one.
 */
final class Staging implements AutoCloseable {
    private final Path output;
    private final List<Path> files = new ArrayList<>();

    Staging(Path output) {
        this.output = output.toAbsolutePath();
    }

    Path newFile() throws IOException {
        Path file = Files.createTempFile(output.getParent(), ".", "-" + output.getFileName());
        files.add(file);
        return file;
    }

    /** Makes that work file the output, with the permissions of {@code like} (work files are owner-only). */
    Path publish(Path file, Path like) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, Files.getPosixFilePermissions(like));
        }
        Files.move(file, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return output;
    }

    @Override
    public void close() throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }
}
