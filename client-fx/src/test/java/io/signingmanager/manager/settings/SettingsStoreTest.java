package io.signingmanager.manager.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.json.Json;
import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings kept in memory between loads, and read again whenever the file changes under them. */
class SettingsStoreTest {
    private static final Settings FIRST = new Settings(URI.create("https://one.example:3000"), false, null, false, "c1");
    private static final Settings SECOND = new Settings(URI.create("https://two.example:3000"), true, "AB", true, "c2");

    @TempDir
    Path folder;

    @Test
    void keepsTheSettingsUntilTheFileChanges() throws IOException {
        SettingsStore store = new SettingsStore(folder.resolve("settings.json"));
        assertThat(store.load()).isEqualTo(Settings.NONE);
        store.save(FIRST);
        Settings loaded = store.load();
        assertThat(loaded).isEqualTo(FIRST);
        assertThat(store.load()).isSameAs(loaded);

        // Another process (the window, another command) saves: the next load sees it.
        writeAsAnotherProcess(store.file(), SECOND);
        assertThat(store.load()).isEqualTo(SECOND);
        // The same content written again is a new file too: read again, still equal.
        writeAsAnotherProcess(store.file(), SECOND);
        assertThat(store.load()).isEqualTo(SECOND);

        Files.delete(store.file());
        assertThat(store.load()).isEqualTo(Settings.NONE);
    }

    @Test
    void aFileDamagedAfterAGoodReadIsReportedNotHidden() throws IOException {
        SettingsStore store = new SettingsStore(folder.resolve("settings.json"));
        store.save(FIRST);
        assertThat(store.load()).isEqualTo(FIRST);
        OwnerOnly.write(store.file(), "{\"apiHost\": ".getBytes());
        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }

    private static void writeAsAnotherProcess(Path file, Settings settings) throws IOException {
        OwnerOnly.write(file, Json.mapper().writeValueAsBytes(settings));
    }
}
