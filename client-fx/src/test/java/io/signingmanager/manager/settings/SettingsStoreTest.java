package io.signingmanager.manager.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings file read once while it stays the same, and again as soon as anyone changes it. */
class SettingsStoreTest {
    @TempDir
    Path folder;

    @Test
    void aChangedFileIsReadAgainWhoeverChangedIt() throws Exception {
        SettingsStore store = new SettingsStore(folder.resolve("settings.json"));
        assertThat(store.load()).isEqualTo(Settings.NONE);

        Settings first = new Settings(URI.create("https://signing.example.com:3000"), false, null, false, "client-1");
        store.save(first);
        assertThat(store.load()).isEqualTo(first);
        assertThat(store.load()).as("just written: it may change again unseen, so it is read each time")
                .isNotSameAs(store.load());
        Files.setLastModifiedTime(store.file(), FileTime.from(Instant.now().minusSeconds(3600)));
        Settings settled = store.load();
        assertThat(store.load()).as("settled and unchanged: read once").isSameAs(settled);

        Files.writeString(store.file(), Files.readString(store.file()).replace("client-1", "client-9"));
        assertThat(store.load().clientId()).as("edited in place, same length").isEqualTo("client-9");

        Settings second = new Settings(URI.create("https://signing.example.com:3000"), false, null, true, "client-2");
        new SettingsStore(store.file()).save(second);
        assertThat(store.load()).as("saved by another store, as the window does while the agent signs").isEqualTo(second);

        Files.delete(store.file());
        assertThat(store.load()).isEqualTo(Settings.NONE);
    }

    @Test
    void aFileDamagedAfterAGoodReadIsReportedNotHidden() throws Exception {
        SettingsStore store = new SettingsStore(folder.resolve("settings.json"));
        store.save(new Settings(URI.create("https://signing.example.com:3000"), false, null, false, "client-1"));
        store.load();
        OwnerOnly.write(store.file(), "{\"apiHost\": ".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(store::load).isInstanceOf(IOException.class).hasMessageContaining("damaged");
    }
}
