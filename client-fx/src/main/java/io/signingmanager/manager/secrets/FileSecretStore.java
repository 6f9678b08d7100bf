package io.signingmanager.manager.secrets;

import com.fasterxml.jackson.core.type.TypeReference;
import io.signingmanager.common.json.Json;
import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The fallback when no OS secret store runs: a JSON file only its owner may read (0600, folder 0700). */
final class FileSecretStore implements SecretStore {
    private final Path file;

    FileSecretStore(Path file) {
        this.file = file;
    }

    @Override
    public String description() {
        return "an owner-only file (" + file + ")";
    }

    @Override
    public synchronized void put(String name, String value) throws IOException {
        Map<String, String> secrets = read();
        secrets.put(name, value);
        OwnerOnly.write(file, Json.mapper().writeValueAsBytes(secrets));
    }

    @Override
    public synchronized Optional<String> get(String name) throws IOException {
        return Optional.ofNullable(read().get(name));
    }

    @Override
    public synchronized void remove(String name) throws IOException {
        Map<String, String> secrets = read();
        if (secrets.remove(name) != null) {
            OwnerOnly.write(file, Json.mapper().writeValueAsBytes(secrets));
        }
    }

    private Map<String, String> read() throws IOException {
        if (!Files.exists(file)) {
            return new TreeMap<>();
        }
        try {
            return new TreeMap<>(Json.mapper().readValue(Files.readAllBytes(file), new TypeReference<Map<String, String>>() {
            }));
        } catch (IOException e) {
            throw new IOException("The secret file " + file + " is damaged; save the settings again", e);
        }
    }
}
