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
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The settings as JSON in the config folder. Every signature asks for them (a new registration must
 * take effect at once), so the file is read again only when it changed: many files signed in one
 * command would otherwise read and parse it once per signature.
 */
public final class SettingsStore {
    private final Path file;
    private volatile Loaded loaded;

    /**
     * A file changed less than this before it was read may change again within the file system's
     * timestamp granularity, unseen: it is read again each time, as git treats a "racily clean" file.
     */
    private static final Duration SETTLED = Duration.ofSeconds(2);

    /** The settings as read, with what tells the file apart from a later one. */
    private record Loaded(Object fileKey, FileTime modified, long size, Instant readAt, Settings settings) {
        boolean stillValid(BasicFileAttributes attributes) {
            return modified.toInstant().isBefore(readAt.minus(SETTLED)) && Objects.equals(fileKey, attributes.fileKey())
                    && modified.equals(attributes.lastModifiedTime()) && size == attributes.size();
        }
    }

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The saved settings, or {@link Settings#NONE} before the first save. */
    public Settings load() throws IOException {
        try {
            Instant now = Instant.now();
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            Loaded last = loaded;
            if (last != null && last.stillValid(attributes)) {
                return last.settings();
            }
            Settings settings = Json.mapper().readValue(Files.readAllBytes(file), Settings.class);
            loaded = new Loaded(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), now, settings);
            return settings;
        } catch (NoSuchFileException e) {
            return Settings.NONE;
        } catch (JsonProcessingException e) {
            throw new IOException("The settings file " + file + " is damaged; save the settings again", e);
        }
    }

    public void save(Settings settings) throws IOException {
        OwnerOnly.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
    }
}
