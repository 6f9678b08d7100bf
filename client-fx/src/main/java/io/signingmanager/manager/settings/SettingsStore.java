package io.signingmanager.manager.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signingmanager.common.json.Json;
import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * The settings as JSON in the config folder. The agent asks for them on every signature, so the
 * last settings read are kept until the file changes: one {@code stat} instead of a read and a
 * JSON parse per signature. The file is replaced whole (a new inode) by every save, this one's or
 * another process's, so its identity, time and size tell a change.
 */
public final class SettingsStore {
    private final Path file;
    private Read last; // guarded by this

    /** Settings as read from the file in the state those attributes describe. */
    private record Read(Object fileKey, FileTime modified, long size, Settings settings) {
        boolean current(BasicFileAttributes now) {
            return now.lastModifiedTime().equals(modified) && now.size() == size
                    && (fileKey == null || fileKey.equals(now.fileKey()));
        }
    }

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The saved settings, or {@link Settings#NONE} before the first save. */
    public synchronized Settings load() throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            last = null;
            return Settings.NONE;
        }
        if (last != null && last.current(attributes)) {
            return last.settings();
        }
        try {
            Settings settings = Json.mapper().readValue(Files.readAllBytes(file), Settings.class);
            last = new Read(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), settings);
            return settings;
        } catch (NoSuchFileException e) {
            last = null;
            return Settings.NONE;
        } catch (JsonProcessingException e) {
            throw new IOException("The settings file " + file + " is damaged; save the settings again", e);
        }
    }

    public synchronized void save(Settings settings) throws IOException {
        last = null;
        OwnerOnly.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
    }
}
