package io.signingmanager.manager.ui.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.protocol.WorkflowSummary;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.ui.UiService;
import io.signingmanager.manager.workflows.FetchedFiles;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.AppleWorkflows.Made;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Workflows window's state and commands against a real service, without an FX toolkit. */
class WorkflowsViewModelTest {
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;

    private WorkflowsViewModel model(String keyName) throws Exception {
        return new WorkflowsViewModel(fixture.registeredManager(UiService.home(folder.resolve("home")), keyName),
                Background.inline());
    }

    @Test
    void aRefreshListsTheWorkflowsWithTheirReadinessAndSelectsTheFirst() throws Exception {
        Made ready = AppleWorkflows.ready(fixture.service, "A list " + folder.getFileName(), Distribution.MAC_APP_STORE);
        String empty = "B list " + folder.getFileName();
        AppleWorkflows.create(fixture.service, empty, "com.example.other", Distribution.DEVELOPER_ID);
        WorkflowsViewModel model = model("workflows list");

        model.refresh();

        assertThat(model.workflows()).extracting(WorkflowSummary::name).contains(ready.name(), empty);
        WorkflowSummary notReady = model.workflows().stream().filter(w -> w.name().equals(empty)).findFirst().orElseThrow();
        assertThat(notReady.ready()).isFalse();
        assertThat(notReady.problems()).isNotEmpty();
        assertThat(model.selected()).contains(model.workflows().get(0));
        assertThat(model.status().get()).matches("\\d+ workflows, \\d+ ready");
        assertThat(model.statusIsProblem().get()).isFalse();
    }

    @Test
    void fetchWritesTheProfilesAndOffersTheCommandsToCopy() throws Exception {
        Made made = AppleWorkflows.ready(fixture.service, "Fetch " + folder.getFileName(), Distribution.MAC_APP_STORE);
        WorkflowsViewModel model = model("workflows fetch");
        model.refresh();
        model.select(model.workflows().stream().filter(w -> w.name().equals(made.name())).findFirst().orElseThrow());

        model.fetch(folder.resolve("profiles"));

        FetchedFiles fetched = model.fetched().get();
        assertThat(fetched.profiles()).singleElement().satisfies(profile -> {
            assertThat(profile.uuid()).isEqualTo(made.profile().uuid());
            assertThat(Files.readAllBytes(profile.file())).isEqualTo(made.profile().file());
        });
        assertThat(fetched.identities()).extracting(FetchedFiles.IdentityCommands::sha1)
                .containsExactly(made.application().sha1(), made.installer().sha1());
        assertThat(model.refusal().get()).isEmpty();
        assertThat(model.status().get()).isEqualTo("Wrote 1 provisioning profile to " + folder.resolve("profiles"));

        List<String> clipboard = new ArrayList<>();
        String codesign = fetched.identities().get(0).commands().get(1);
        model.copy(codesign, clipboard::add);
        assertThat(clipboard).containsExactly(codesign);
        assertThat(model.status().get()).isEqualTo("Copied: " + codesign);
    }

    @Test
    void fetchingAWorkflowThatIsNotReadyShowsItsChecklistAndWritesNothing() throws Exception {
        String name = "Not ready " + folder.getFileName();
        AppleWorkflows.create(fixture.service, name, AppleWorkflows.BUNDLE_ID, Distribution.MAC_APP_STORE);
        WorkflowsViewModel model = model("workflows refused");
        model.refresh();
        model.select(model.workflows().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow());

        model.fetch(folder.resolve("profiles"));

        assertThat(model.fetched().get()).isNull();
        assertThat(model.refusal().get()).isEqualTo("The workflow \"" + name + "\" is not ready:");
        assertThat(model.checklist()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(model.statusIsProblem().get()).isTrue();
        assertThat(folder.resolve("profiles")).doesNotExist();
    }

    @Test
    void withoutSettingsTheListSaysHowToSetUp() throws Exception {
        WorkflowsViewModel model = new WorkflowsViewModel(fixture.manager(UiService.home(folder.resolve("home"))),
                Background.inline());

        model.refresh();

        assertThat(model.workflows()).isEmpty();
        assertThat(model.placeholder().get()).startsWith("The Signing Manager is not set up yet.");
        assertThat(model.statusIsProblem().get()).isTrue();
    }
}
