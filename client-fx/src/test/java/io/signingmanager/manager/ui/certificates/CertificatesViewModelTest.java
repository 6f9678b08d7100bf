package io.signingmanager.manager.ui.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.ui.UiService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The certificates window's state and commands against a real service, without an FX toolkit. */
class CertificatesViewModelTest {
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;
    private final List<String> failures = new ArrayList<>();

    @Test
    void aRefreshListsTheCertificatesSaysWhoWeAreAndSelectsTheFirst() throws Exception {
        CertificatesViewModel model = model(fixture.registeredManager(UiService.home(folder), "view model list"));

        model.refresh(false);

        assertThat(model.shown()).extracting(Identity::commonName).containsExactly("Another Identity", "Team Code Signing");
        assertThat(model.selected()).map(Identity::sha1).contains(fixture.ec.sha1());
        assertThat(model.nothingSelected().get()).isFalse();
        assertThat(model.status().get()).contains("Connected to " + fixture.url(), "API key “view model list”");
        assertThat(model.problem().get()).isFalse();
        assertThat(model.note().get()).isEqualTo("2 certificates");
        assertThat(model.loading().get()).isFalse();
    }

    @Test
    void theSearchFiltersByNameOrSha1AndTheSelectionFollows() throws Exception {
        CertificatesViewModel model = model(fixture.registeredManager(UiService.home(folder), "view model search"));
        model.refresh(false);

        model.search().set("team");
        assertThat(model.shown()).extracting(Identity::commonName).containsExactly("Team Code Signing");
        assertThat(model.selected()).map(Identity::commonName).contains("Team Code Signing");
        assertThat(model.note().get()).isEqualTo("1 of 2 certificates");

        model.search().set(fixture.ec.sha1().substring(0, 12).toLowerCase(Locale.ROOT));
        assertThat(model.shown()).extracting(Identity::commonName).containsExactly("Another Identity");

        model.search().set("no such certificate");
        assertThat(model.shown()).isEmpty();
        assertThat(model.selected()).isEmpty();
        assertThat(model.placeholder().get()).contains("No certificate's name or SHA-1 contains “no such certificate”");

        model.search().set("");
        assertThat(model.shown()).hasSize(2);
        assertThat(model.note().get()).isEqualTo("2 certificates");
        assertThat(model.selected()).isPresent();
    }

    @Test
    void aRefreshKeepsTheSelectedCertificate() throws Exception {
        CertificatesViewModel model = model(fixture.registeredManager(UiService.home(folder), "view model keep"));
        model.refresh(false);
        Identity rsa = model.shown().get(1);

        model.select(rsa);
        model.refresh(true);

        assertThat(model.selected()).map(Identity::sha1).contains(fixture.rsa.sha1());
    }

    @Test
    void copyPutsTheSelectedCertificatesTextThroughTheClipboardAndSaysSo() throws Exception {
        CertificatesViewModel model = model(fixture.registeredManager(UiService.home(folder), "view model copy"));
        model.refresh(false);
        List<String> clipboard = new ArrayList<>();

        assertThat(model.copy(CopyAction.SHA1, clipboard::add)).contains("Copied the SHA-1 hash.");

        assertThat(clipboard).containsExactly(fixture.ec.sha1());
        assertThat(model.note().get()).isEqualTo("Copied the SHA-1 hash.");
    }

    @Test
    void nothingConfiguredAsksForPreferencesAndAFailureTheUserAskedForIsShown() throws Exception {
        Manager manager = fixture.manager(UiService.home(folder));
        CertificatesViewModel model = model(manager);

        model.refresh(true);

        assertThat(failures).containsExactly("not configured");
        assertThat(model.status().get()).contains("not set up yet");
        assertThat(model.problem().get()).isFalse();
    }

    @Test
    void aFailedRefreshEmptiesTheListAndSaysWhy() throws Exception {
        Manager manager = fixture.registeredManager(UiService.home(folder), "view model inactive");
        CertificatesViewModel model = model(manager);
        model.refresh(false);
        fixture.setActive("clients", manager.settings().clientId(), false);

        model.refresh(true);

        assertThat(model.shown()).isEmpty();
        assertThat(model.selected()).isEmpty();
        assertThat(model.problem().get()).isTrue();
        assertThat(model.status().get()).contains("inactive");
        assertThat(model.placeholder().get()).contains("Ask an admin to make this client active");
        assertThat(failures).singleElement().asString().startsWith("asked: ");
    }

    private CertificatesViewModel model(Manager manager) {
        return new CertificatesViewModel(Background.inline(), () -> Listing.fetch(manager),
                new CertificatesViewModel.Failures() {
                    @Override
                    public void notConfigured() {
                        failures.add("not configured");
                    }

                    @Override
                    public void failedWhenAsked(Problem problem) {
                        failures.add("asked: " + problem.getMessage());
                    }
                });
    }
}
