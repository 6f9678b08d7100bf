package io.signingmanager.manager.ui.log;

import static io.signingmanager.manager.ui.Fx.get;
import static io.signingmanager.manager.ui.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.ui.Fx;
import io.signingmanager.manager.ui.UiService;
import io.signingmanager.manager.ui.certificates.MainWindow;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Show Log: SigningManager.log as written, lines appended while it is open, search and copy. */
@ExtendWith(ApplicationExtension.class)
class LogWindowTest {
    private static final Logger LOG = Logger.getLogger(LogWindowTest.class.getName());
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;

    @Start
    void start(Stage stage) throws Exception {
        ManagerHome home = UiService.home(folder);
        new MainWindow(stage, fixture.registeredManager(home, "log window"), home.logFile(),
                (owner, suggestedName) -> Optional.empty(), owner -> List.of()).show();
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void showsTheLogAndFollowsWhatIsWrittenAfterItOpened(FxRobot robot) {
        waitUntil(() -> Fx.table(robot).getItems().size() == 2);
        LOG.info("written before the log window opened");

        open(robot);
        waitUntil(() -> log(robot).contains("written before the log window opened"));
        assertThat(log(robot)).contains("Registered with " + fixture.url(), "Refreshed: 2 identities",
                "INFO    LogWindowTest: written before");

        LOG.info("written while the log window is open");
        waitUntil(() -> log(robot).contains("written while the log window is open"));
        assertThat(get(() -> area(robot).getCaretPosition() == area(robot).getLength())).isTrue();
        Fx.screenshot(Fx.window("Signing Manager Log"), "log");
    }

    @Test
    void searchFindsEachMatchInTurnAndCopyCopiesIt(FxRobot robot) {
        LOG.info("first Needle here");
        LOG.info("second needle there");
        open(robot);
        waitUntil(() -> log(robot).contains("second needle there"));

        robot.clickOn("#log-search").write("NEEDLE");
        assertThat(selected(robot)).isEqualTo("Needle");
        assertThat(Fx.text(robot, "#log-found")).isEqualTo("1 of 2");
        robot.clickOn("#log-find-next");
        assertThat(selected(robot)).isEqualTo("needle");
        assertThat(Fx.text(robot, "#log-found")).isEqualTo("2 of 2");
        robot.push(KeyCode.ENTER);
        assertThat(Fx.text(robot, "#log-found")).isEqualTo("1 of 2");

        robot.clickOn("#log-copy");
        assertThat(Fx.clipboard()).isEqualTo("Needle");
        robot.clickOn("#log-search").eraseText(6).write("no such text");
        assertThat(Fx.text(robot, "#log-found")).isEqualTo("Not found");
    }

    @Test
    void copyWithoutASelectionCopiesTheWholeLog(FxRobot robot) {
        LOG.info("a line to copy");
        open(robot);
        waitUntil(() -> log(robot).contains("a line to copy"));

        robot.clickOn("#log-copy");

        assertThat(Fx.clipboard()).isEqualTo(log(robot)).contains("a line to copy");
        assertThat(Fx.text(robot, "#log-copied")).isEqualTo("Copied the whole log");
    }

    @Test
    void closesWithEscape(FxRobot robot) {
        open(robot);
        Stage window = Fx.window("Signing Manager Log");
        waitUntil(window::isFocused);

        robot.push(KeyCode.ESCAPE);

        waitUntil(() -> !window.isShowing());
    }

    private static void open(FxRobot robot) {
        robot.push(KeyCode.SHORTCUT, KeyCode.L);
        Fx.window("Signing Manager Log");
    }

    private static TextArea area(FxRobot robot) {
        return robot.lookup("#log-text").queryAs(TextArea.class);
    }

    private static String log(FxRobot robot) {
        return get(() -> area(robot).getText());
    }

    private static String selected(FxRobot robot) {
        return get(() -> area(robot).getSelectedText());
    }
}
