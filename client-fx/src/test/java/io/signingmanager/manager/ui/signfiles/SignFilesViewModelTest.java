package io.signingmanager.manager.ui.signfiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.testing.UnsignedInputs;
import io.signingmanager.manager.ui.UiService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Sign Files' state and Sign against a real service, without an FX toolkit. */
class SignFilesViewModelTest {
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;
    private SignFilesViewModel model;
    private final List<String> asked = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        Manager manager = fixture.registeredManager(UiService.home(folder.resolve("home")), "sign files model "
                + folder.getFileName());
        Identity rsa = manager.identities().stream().filter(identity -> identity.sha1().equals(fixture.rsa.sha1()))
                .findFirst().orElseThrow();
        model = new SignFilesViewModel(rsa, manager, Background.inline());
    }

    @Test
    void eachFileIsAJobThatEndsSignedOrFailedAndTheSummaryCounts() throws Exception {
        Path jar = UnsignedInputs.jar(folder);
        Path text = Files.writeString(folder.resolve("notes.txt"), "not signable");

        model.sign(List.of(jar, text), replacing(true));

        assertThat(model.jobs()).extracting(job -> job.state().get())
                .containsExactly(SigningJob.State.SIGNED, SigningJob.State.FAILED);
        assertThat(model.jobs().get(0).result().get()).contains("Signed by Team Code Signing", "app-signed.jar");
        assertThat(model.jobs().get(0).format().get()).isEqualTo("Java archive");
        assertThat(model.summary().get()).isEqualTo("1 signed, 1 failed");
        assertThat(model.summaryIsError().get()).isTrue();
        assertThat(asked).isEmpty();
    }

    @Test
    void anExistingOutputIsKeptUnlessTheAnswerIsToReplaceIt() throws Exception {
        Path jar = UnsignedInputs.jar(folder);
        Path existing = Files.writeString(folder.resolve("app-signed.jar"), "older");

        model.sign(List.of(jar), replacing(false));
        assertThat(asked).containsExactly("app.jar → app-signed.jar");
        assertThat(model.jobs().get(0).state().get()).isEqualTo(SigningJob.State.KEPT);
        assertThat(Files.readString(existing)).isEqualTo("older");
        assertThat(model.summary().get()).isEqualTo("0 signed, 1 not signed (kept the existing file)");

        model.sign(List.of(jar), replacing(true));
        assertThat(model.jobs().get(1).state().get()).isEqualTo(SigningJob.State.SIGNED);
        assertThat(Files.readAllBytes(existing)).startsWith('P', 'K', 3, 4);
    }

    @Test
    void aTimestampUrlThatIsNotHttpQueuesNothing() throws Exception {
        model.timestampUrl().set("ftp://timestamps.example");

        model.sign(List.of(UnsignedInputs.jar(folder)), replacing(true));

        assertThat(model.jobs()).isEmpty();
        assertThat(model.summary().get()).contains("not an http or https URL");
        assertThat(model.summaryIsError().get()).isTrue();
    }

    @Test
    void theFormatsLineNamesTheFilesExtensionsThenTheBundles() {
        assertThat(SignFilesViewModel.formats()).startsWith("Signs .jar .war .ear .exe")
                .contains(".pkg files and macOS bundles (.app .framework .xpc .appex .bundle .plugin folders).",
                        "Hello.app gives Hello-signed.app")
                .doesNotContain(".pkg .app");
    }

    private SignFilesViewModel.ReplaceQuestion replacing(boolean replace) {
        return (input, existing) -> {
            asked.add(input.getFileName() + " → " + existing.getFileName());
            return replace;
        };
    }
}
