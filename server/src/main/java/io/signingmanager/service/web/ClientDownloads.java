package io.signingmanager.service.web;

import io.signingmanager.service.failure.Refusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Signing Manager installers the operator puts in the data folder's {@code downloads/}; the main
 * page links each one. Only plain names of files directly in that folder are served.
 */
final class ClientDownloads {
    // A plain file name; '~' and '+' appear in Debian package versions (signing-manager_1.0.0~SNAPSHOT_amd64.deb).
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~+-]{0,200}");

    private final Path folder;

    ClientDownloads(Path dataFolder) {
        this.folder = dataFolder.resolve("downloads");
    }

    Path folder() {
        return folder;
    }

    List<String> names() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
                    .filter(name -> NAME.matcher(name).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("The downloads folder cannot be listed", e);
        }
    }

    /** The installer of that name; it is sent from the disk, not read into memory. */
    Path file(String name) throws Refusal {
        Path file = folder.resolve(name);
        if (!NAME.matcher(name).matches() || !Files.isRegularFile(file)) {
            throw Refusal.notFound("There is no download called " + name);
        }
        return file;
    }
}
