package io.signingmanager.manager.ui.signfiles;

import static io.signingmanager.manager.ui.Fx.get;
import static io.signingmanager.manager.ui.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.testing.AppleIdentity;
import io.signingmanager.manager.testing.AppleTools;
import io.signingmanager.manager.testing.BundleInputs;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.ui.Fx;
import io.signingmanager.manager.ui.UiService;
import io.signingmanager.manager.ui.certificates.MainWindow;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * macOS bundles in Sign Files, with an Apple-shaped identity held by a real Signing Service: a
 * bundle given to the view model, added with "Add Bundle…" or dropped is listed as a macOS bundle
 * and signed, and signapple (verify_macho.py) accepts it; a folder that is not a bundle fails as an
 * unknown file does. Skipped, saying why, without ../shared/apple-tools (outside CI).
 */
@ExtendWith(ApplicationExtension.class)
class SignFilesBundleTest {
    @RegisterExtension
    static final UiService fixture = new UiService();
    private static AppleIdentity apple;
    private static String appleName;

    @TempDir
    Path folder;
    /** What "Add Bundle…" answers, as the user's choice in the folder chooser. */
    private final List<Path> chosenBundle = new ArrayList<>();
    private Manager manager;

    @BeforeAll
    static void importAppleIdentity() {
        apple = AppleIdentity.imported(fixture.service, AppleCertificateType.DEVELOPER_ID_APPLICATION);
        appleName = Certificates.commonName(apple.leaf());
    }

    @Start
    void start(Stage stage) throws Exception {
        ManagerHome home = UiService.home(folder.resolve("home"));
        manager = fixture.registeredManager(home, "sign bundles " + folder.getFileName());
        new MainWindow(stage, manager, home.logFile(), (owner, name) -> Optional.empty(),
                FilesToSign.of(owner -> List.of(), owner -> List.copyOf(chosenBundle))).show();
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void aBundleGivenToTheViewModelIsListedAsAMacOSBundleAndSigned() throws Exception {
        AppleTools tools = AppleTools.get();
        Path app = BundleInputs.app(folder, "Hello", true);
        Path plain = Files.createDirectories(folder.resolve("plain"));
        Identity identity = manager.identities().stream().filter(candidate -> candidate.sha1().equals(apple.sha1()))
                .findFirst().orElseThrow();
        SignFilesViewModel model = new SignFilesViewModel(identity, manager, Background.inline());

        Fx.run(() -> model.sign(List.of(app, plain), (input, existing) -> true));

        List<SigningJob> jobs = get(() -> List.copyOf(model.jobs()));
        assertThat(jobs).extracting(job -> get(() -> job.state().get()))
                .containsExactly(SigningJob.State.SIGNED, SigningJob.State.FAILED);
        assertThat(get(() -> jobs.get(0).format().get())).isEqualTo("macOS bundle (folder)");
        assertThat(get(() -> jobs.get(0).result().get())).contains("Signed by " + appleName, "Hello-signed.app");
        assertThat(get(() -> jobs.get(1).result().get())).contains("plain is a folder, not a macOS bundle");
        assertThat(folder.resolve("plain-signed")).doesNotExist();
        assertValid(tools, folder.resolve("Hello-signed.app"));
    }

    @Test
    void aBundleAddedWithAddBundleOrDroppedIsSignedAndAFolderThatIsNotABundleFails(FxRobot robot) throws Exception {
        AppleTools tools = AppleTools.get();
        chosenBundle.add(BundleInputs.app(folder, "Hello", true));
        Path dropped = BundleInputs.app(Files.createDirectories(folder.resolve("dropped")), "World", false);
        Path plain = Files.createDirectories(folder.resolve("plain"));
        waitUntil(() -> robot.lookup("#certificates").queryAs(TableView.class).getItems().size() == 3);
        robot.clickOn(appleName);
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.S);
        Stage window = Fx.window(appleName + " – Sign Files");
        assertThat(get(() -> robot.lookup("#sign-formats").queryAs(Labeled.class).getText()))
                .contains("macOS bundles (.app");

        robot.clickOn("#add-bundle");
        waitUntil(() -> jobs(robot).size() == 1 && finished(jobs(robot).get(0)));
        SignFilesWindowTest.drop(robot.lookup("#signing-jobs").query(), dropped, plain);
        waitUntil(() -> jobs(robot).size() == 3 && jobs(robot).stream().allMatch(this::finished));

        List<SigningJob> jobs = jobs(robot);
        assertThat(jobs).extracting(job -> get(() -> job.file().getFileName().toString()))
                .containsExactly("Hello.app", "World.app", "plain");
        assertThat(jobs).extracting(job -> get(() -> job.format().get()))
                .containsExactly("macOS bundle (folder)", "macOS bundle (folder)", "");
        assertThat(get(() -> jobs.get(0).result().get())).contains("Hello-signed.app");
        assertThat(get(() -> jobs.get(2).state().get())).isEqualTo(SigningJob.State.FAILED);
        assertThat(get(() -> robot.lookup("#sign-summary").queryAs(Labeled.class).getText()))
                .isEqualTo("2 signed, 1 failed");
        assertValid(tools, folder.resolve("Hello-signed.app"));
        assertValid(tools, folder.resolve("dropped").resolve("World-signed.app"));
        Fx.screenshot(window, "sign-files-bundle");
    }

    private void assertValid(AppleTools tools, Path app) throws Exception {
        ExternalTool.Run valid = tools.verifyMacho(app, apple.rootPem(folder), folder);
        assertThat(valid.exit()).as(valid.toString()).isZero();
        assertThat(valid.stdout()).as(valid.toString()).startsWith("VALID");
    }

    private boolean finished(SigningJob job) {
        SigningJob.State state = get(() -> job.state().get());
        return state == SigningJob.State.SIGNED || state == SigningJob.State.FAILED;
    }

    @SuppressWarnings("unchecked")
    private static List<SigningJob> jobs(FxRobot robot) {
        return get(() -> List.copyOf(((TableView<SigningJob>) robot.lookup("#signing-jobs").query()).getItems()));
    }
}
