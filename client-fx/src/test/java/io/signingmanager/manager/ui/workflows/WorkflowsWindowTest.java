package io.signingmanager.manager.ui.workflows;

import static io.signingmanager.manager.ui.Fx.get;
import static io.signingmanager.manager.ui.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.protocol.WorkflowSummary;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.ui.Fx;
import io.signingmanager.manager.ui.UiService;
import io.signingmanager.manager.ui.certificates.MainWindow;
import io.signingmanager.service.testing.AppleWorkflows;
import io.signingmanager.service.testing.AppleWorkflows.Made;
import io.signingmanager.service.testing.AppleWorkflows.MadeProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
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
 * The Workflows window against a real Signing Service with an admin's workflows: reached from the
 * Window menu, the toolbar and Shortcut+2; the list with readiness; Fetch Signing Files… into the
 * chosen folder with the commands and their Copy buttons; a workflow that is not ready refused with
 * its checklist.
 */
@ExtendWith(ApplicationExtension.class)
class WorkflowsWindowTest {
    @RegisterExtension
    static final UiService fixture = new UiService();
    private static Made ready;
    private static final String NOT_READY = "MyApp beta";

    @TempDir
    Path folder;
    /** What the folder chooser answers, as the user's choice; the suggested folder is kept. */
    private final List<Path> suggested = new ArrayList<>();
    private Stage stage;

    @BeforeAll
    static void workflows() {
        ready = AppleWorkflows.ready(fixture.service, "MyApp release", Distribution.MAC_APP_STORE,
                AppleWorkflows.BUNDLE_ID + ".widget");
        AppleWorkflows.create(fixture.service, NOT_READY, "com.example.app.beta", Distribution.DEVELOPER_ID);
    }

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        ManagerHome home = UiService.home(folder.resolve("home"));
        new MainWindow(stage, fixture.registeredManager(home, "workflows " + folder.getFileName()), home.logFile(),
                (owner, name) -> Optional.empty(), owner -> List.of(), (owner, initial) -> {
                    suggested.add(initial);
                    return Optional.of(folder.resolve("profiles"));
                }).show();
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @SuppressWarnings("unchecked")
    private static TableView<WorkflowSummary> table(FxRobot robot) {
        return robot.lookup("#workflows").queryAs(TableView.class);
    }

    private void openFromMenu(FxRobot robot) {
        Fx.chooseFromMenu(robot, "Window", "Workflows");
        Fx.window("Workflows");
        waitUntil(() -> table(robot).getItems().size() == 2);
    }

    @Test
    void listsTheWorkflowsWithReadinessAndWhatIsMissing(FxRobot robot) {
        openFromMenu(robot);

        assertThat(get(() -> table(robot).getItems().stream().map(WorkflowSummary::name).toList()))
                .containsExactly(NOT_READY, "MyApp release");
        assertThat(cellTexts(robot)).contains("MyApp release", "com.example.app", "Mac App Store", "Ready",
                NOT_READY, "Developer ID", "Not ready");
        assertThat(Fx.text(robot, "#workflows-status")).isEqualTo("2 workflows, 1 ready");
    }

    @Test
    void fetchWritesIntoTheChosenFolderAndCopiesTheCommands(FxRobot robot) throws Exception {
        openFromMenu(robot);
        robot.clickOn("MyApp release");

        robot.clickOn("#fetch-signing-files");
        waitUntil(() -> robot.lookup("#copy-command-2").tryQuery().isPresent());

        for (MadeProfile profile : ready.profiles()) {
            assertThat(Files.readAllBytes(folder.resolve("profiles").resolve(profile.uuid() + ".provisionprofile")))
                    .isEqualTo(profile.file());
        }
        assertThat(suggested).hasSize(1);
        assertThat(Fx.text(robot, "#workflows-status")).isEqualTo("Wrote 2 provisioning profiles to " + folder.resolve("profiles"));
        List<String> commands = get(() -> robot.lookup(".command").queryAllAs(TextField.class).stream()
                .map(TextField::getText).toList());
        String codesign = "codesign --force --sign \"" + ready.application().sha1() + "\" --timestamp --entitlements "
                + "MyApp.entitlements MyApp.app";
        assertThat(commands).containsExactly(
                "cp " + folder.resolve("profiles").resolve(ready.profile().uuid() + ".provisionprofile")
                        + " MyApp.app/Contents/embedded.provisionprofile",
                codesign, "productsign --sign \"" + ready.installer().sha1() + "\" source.pkg destination.pkg");
        Fx.screenshot(Fx.window("Workflows"), "workflows");

        robot.clickOn("#copy-command-1");
        assertThat(Fx.clipboard()).isEqualTo(codesign);
        assertThat(Fx.text(robot, "#workflows-status")).isEqualTo("Copied: " + codesign);
    }

    @Test
    void aWorkflowThatIsNotReadyShowsItsChecklist(FxRobot robot) {
        openFromMenu(robot);
        robot.clickOn(NOT_READY);

        robot.clickOn("#fetch-signing-files");
        waitUntil(() -> robot.lookup("#fetch-refusal").tryQuery().isPresent());

        assertThat(Fx.text(robot, "#fetch-refusal")).isEqualTo("The workflow \"" + NOT_READY + "\" is not ready:");
        assertThat(get(() -> robot.lookup(".checklist-item").queryAllAs(Label.class).stream().map(Label::getText).toList()))
                .containsExactly("• The workflow has no application certificate (Developer ID Application)",
                        "• The workflow has no Developer ID profile for com.example.app.beta");
        assertThat(folder.resolve("profiles")).doesNotExist();
        Fx.screenshot(Fx.window("Workflows"), "workflows-not-ready");
    }

    @Test
    void theToolbarAndShortcutTwoOpenIt(FxRobot robot) {
        robot.clickOn("#open-workflows");
        Stage workflows = Fx.window("Workflows");
        Fx.run(workflows::hide);

        Fx.run(stage::requestFocus);
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        waitUntil(workflows::isShowing);
        waitUntil(() -> !robot.lookup("#fetch-signing-files").queryAs(Button.class).isDisabled());
    }

    private static List<String> cellTexts(FxRobot robot) {
        return get(() -> robot.lookup("#workflows .table-cell").queryAll().stream()
                .map(Node.class::cast).filter(node -> node instanceof javafx.scene.control.Labeled)
                .map(node -> ((javafx.scene.control.Labeled) node).getText()).filter(text -> text != null).toList());
    }
}
