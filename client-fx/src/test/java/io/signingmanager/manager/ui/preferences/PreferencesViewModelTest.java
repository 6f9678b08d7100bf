package io.signingmanager.manager.ui.preferences;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.settings.Settings;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.ui.UiService;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Preferences' state and Save against a real service, without an FX toolkit. */
class PreferencesViewModelTest {
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;
    private ManagerHome home;
    private Manager manager;
    private final List<String> asked = new ArrayList<>();
    private final List<Settings> saved = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        home = UiService.home(folder);
        manager = fixture.manager(home);
    }

    @Test
    void saveNeedsAUrlAndAKey() throws Exception {
        PreferencesViewModel model = model();
        assertThat(model.canSave().get()).isFalse();

        model.url().set(fixture.url().toString());
        assertThat(model.canSave().get()).isFalse();
        model.apiKey().set("smk_anything");
        assertThat(model.canSave().get()).isTrue();
    }

    @Test
    void aCertificateNotPinnedYetIsAskedAboutAndRefusingItSavesNothing() throws Exception {
        PreferencesViewModel model = filledIn(model(), fixture.newApiKey("view model refuse").get("key").asText());

        model.save(answering(false), saved::add);

        assertThat(asked).containsExactly(fixture.url() + " " + fixture.tlsSha256());
        assertThat(model.error().get()).isEqualTo("Not saved: the service's certificate was not trusted.");
        assertThat(model.saving().get()).isFalse();
        assertThat(saved).isEmpty();
        assertThat(Files.exists(home.settingsFile())).isFalse();
    }

    @Test
    void savingTrustedPinsAndRegistersAndSavingAgainAsksNothingAndKeepsTheClient() throws Exception {
        PreferencesViewModel model = filledIn(model(), fixture.newApiKey("view model save").get("key").asText());

        model.save(answering(true), saved::add);
        assertThat(saved).singleElement().satisfies(settings -> assertThat(settings.pinnedSha256()).isEqualTo(fixture.tlsSha256()));
        assertThat(model.error().get()).isEmpty();

        PreferencesViewModel again = model();
        assertThat(again.url().get()).isEqualTo(fixture.url().toString());
        assertThat(again.trustSelfSigned().get()).isTrue();
        again.save(answering(true), saved::add);

        assertThat(asked).hasSize(1);
        assertThat(saved.get(1).clientId()).isEqualTo(saved.get(0).clientId());
        assertThat(fixture.clientsOfKey("view model save")).hasSize(1);
    }

    @Test
    void aUrlThatIsNotOneIsSaidSoAndNothingRuns() throws Exception {
        PreferencesViewModel model = model();
        model.url().set("https://bad host:3000");
        model.apiKey().set("smk_anything");

        model.save(answering(true), saved::add);

        assertThat(model.error().get()).contains("is not a URL");
        assertThat(model.saving().get()).isFalse();
        assertThat(asked).isEmpty();
    }

    private PreferencesViewModel model() throws Exception {
        return new PreferencesViewModel(manager, Background.inline(), PreferencesViewModel.Current.load(manager));
    }

    private static PreferencesViewModel filledIn(PreferencesViewModel model, String key) {
        model.url().set(fixture.url().toString());
        model.apiKey().set(key);
        model.trustSelfSigned().set(true);
        return model;
    }

    private PreferencesViewModel.TrustQuestion answering(boolean trust) {
        return (URI service, String sha256) -> {
            asked.add(service + " " + sha256);
            return trust;
        };
    }
}
