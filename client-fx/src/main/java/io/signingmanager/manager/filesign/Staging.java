package io.signingmanager.manager.filesign;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Work files (or, for a bundle, a work folder) beside the output, moved over it only once the
 * signature is made: a failed signing leaves nothing behind and never a half-written output. Each
 * work file ends with the output's name, so jsign, which tells scripts and packages by extension,
 * sees the right one.
 */
final class Staging implements AutoCloseable {
    private final Path output;
    private final List<Path> work = new ArrayList<>();

    Staging(Path output) {
        this.output = output.toAbsolutePath();
    }

    Path newFile() throws IOException {
        Path file = Files.createTempFile(output.getParent(), ".", "-" + output.getFileName());
        work.add(file);
        return file;
    }

    /**
     * A copy of that folder beside the output: links copied as links (never followed), files with
     * their permissions.
     */
    Path copyOf(Path folder) throws IOException {
        Path copy = Files.createTempDirectory(output.getParent(), ".");
        work.add(copy);
        Path source = folder.toAbsolutePath();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path target = copy.resolve(source.relativize(dir).toString());
                if (!dir.equals(source)) {
                    Files.createDirectory(target);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path target = copy.resolve(source.relativize(file).toString());
                if (attributes.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                } else if (attributes.isRegularFile()) {
                    Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return copy;
    }

    /** Makes that work file the output, with the permissions of {@code like} (work files are owner-only). */
    Path publish(Path file, Path like) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, Files.getPosixFilePermissions(like));
        }
        if (Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
            // A folder cannot be replaced in one move: the old one is moved aside first, then deleted.
            Path old = Files.createTempDirectory(output.getParent(), ".");
            work.add(old);
            Path aside = old.resolve(output.getFileName());
            Files.move(output, aside, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(file, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return output;
    }

    @Override
    public void close() throws IOException {
        for (Path path : work) {
            deleteTree(path);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
