package io.signingmanager.manager.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signingmanager.common.json.Json;
import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The settings as JSON in the config folder. */
public final class SettingsStore {
    private final Path file;

    public SettingsStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The saved settings, or {@link Settings#NONE} before the first save. */
    public Settings load() throws IOException {
        try {
            return Json.mapper().readValue(Files.readAllBytes(file), Settings.class);
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
