package io.signingmanager.manager.ui.signfiles;

import static io.signingmanager.manager.ui.Fx.get;
import static io.signingmanager.manager.ui.Fx.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.javafx.scene.input.DragboardHelper;
import com.sun.javafx.tk.TKClipboard;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.ui.Fx;
import io.signingmanager.manager.ui.UiService;
import io.signingmanager.manager.ui.certificates.MainWindow;
import io.signingmanager.service.testing.ExternalTool;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.stage.Stage;
import javafx.util.Pair;
import org.controlsfx.control.TaskProgressView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Sign Files against a real Signing Service: files chosen or dropped are signed with the selected
 * certificate, each with its progress and result, and the signed files verify.
 */
@ExtendWith(ApplicationExtension.class)
class SignFilesWindowTest {
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;
    /** What "Choose Files…" answers, as the user's choice in the open dialog. */
    private final List<Path> chosen = new ArrayList<>();
    private Stage stage;

    @Start
    void start(Stage stage) throws Exception {
        this.stage = stage;
        ManagerHome home = UiService.home(folder);
        new MainWindow(stage, fixture.registeredManager(home, "sign files " + folder.getFileName()), home.logFile(),
                (owner, name) -> Optional.empty(), owner -> List.copyOf(chosen)).show();
    }

    @AfterEach
    void closeWindows() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void chosenFilesAreSignedAndEachSaysWhereItWentAndWhoSigned(FxRobot robot) throws Exception {
        Path jar = jar("app.jar");
        Path script = Files.writeString(folder.resolve("deploy.ps1"), "Write-Host 'deployed'\r\n");
        Path unknown = Files.writeString(folder.resolve("notes.txt"), "not something to sign");
        chosen.addAll(List.of(jar, script, unknown));
        waitUntil(() -> table(robot, "#certificates").getItems().size() == 2);
        robot.clickOn("Team Code Signing");

        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.S);
        Stage window = Fx.window("Team Code Signing – Sign Files");
        @SuppressWarnings("unchecked")
        TaskProgressView<Task<?>> running = robot.lookup("#running-jobs").queryAs(TaskProgressView.class);
        List<String> followed = new CopyOnWriteArrayList<>();
        Fx.run(() -> running.getTasks().addListener((ListChangeListener<Task<?>>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(task -> followed.add(task.getTitle()));
            }
        }));
        robot.clickOn("#choose-files");

        waitUntil(() -> jobs(robot).size() == 3 && jobs(robot).stream().allMatch(this::finished));
        assertThat(followed).as("the task progress view followed each file as it ran (several at a time)")
                .containsExactlyInAnyOrder("app.jar", "deploy.ps1", "notes.txt");
        waitUntil(() -> running.getTasks().isEmpty() && !running.isVisible());
        List<SigningJob> jobs = jobs(robot);
        assertThat(get(() -> jobs.get(0).state().get())).isEqualTo(SigningJob.State.SIGNED);
        assertThat(get(() -> jobs.get(0).result().get())).contains("Signed by Team Code Signing", "app-signed.jar");
        assertThat(get(() -> jobs.get(0).progress().get())).isEqualTo(1.0);
        assertThat(get(() -> jobs.get(1).result().get())).contains("deploy-signed.ps1");
        // Each signed file shows its receipt in the signing log, checked with the key pinned at the first one.
        assertThat(get(() -> jobs.get(0).receipt().get().text())).matches("Leaf \\d+ ✓");
        assertThat(get(() -> jobs.get(1).receipt().get().details())).contains("In the signing log signing-service/");
        assertThat(get(() -> jobs.get(2).receipt().get())).isNull();
        assertThat(get(() -> jobs.get(2).state().get())).isEqualTo(SigningJob.State.FAILED);
        assertThat(get(() -> jobs.get(2).result().get())).contains("not a format the Signing Manager signs");
        assertThat(folder.resolve("notes-signed.txt")).doesNotExist();
        assertThat(get(() -> robot.lookup("#sign-summary").queryAs(Labeled.class).getText()))
                .isEqualTo("2 signed, 1 failed");

        ExternalTool.Run verified = ExternalTool.run(List.of(ExternalTool.jdkTool("jarsigner"), "-verify", "-verbose",
                "-certs", folder.resolve("app-signed.jar").toString()), Map.of(), folder);
        assertThat(verified.stdout()).as(verified.toString()).contains("jar verified.", "CN=Team Code Signing");
        ExternalTool.Run authenticode = ExternalTool.run(List.of("osslsigncode", "verify", "-in",
                folder.resolve("deploy-signed.ps1").toString()), Map.of(), folder);
        assertThat(authenticode.stdout()).as(authenticode.toString()).contains("Team Code Signing");
        assertThat(auditedFileNames()).contains("app.jar", "deploy.ps1");
        Fx.screenshot(window, "sign-files");
        Fx.run(window::hide);
    }

    @Test
    void manyChosenFilesAreSignedSideBySideEachWithItsOwnResult(FxRobot robot) throws Exception {
        int count = 40;
        for (int i = 1; i <= count; i++) {
            chosen.add(Files.writeString(folder.resolve("step" + i + ".ps1"), "Write-Host 'step " + i + "'\r\n"));
        }
        waitUntil(() -> table(robot, "#certificates").getItems().size() == 2);
        robot.clickOn("Team Code Signing");
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.S);
        Stage window = Fx.window("Team Code Signing – Sign Files");
        @SuppressWarnings("unchecked")
        TaskProgressView<Task<?>> running = robot.lookup("#running-jobs").queryAs(TaskProgressView.class);
        robot.clickOn("#choose-files");

        waitUntil(() -> jobs(robot).size() == count && jobs(robot).stream().allMatch(this::finished));
        waitUntil(() -> running.getTasks().isEmpty() && !running.isVisible());
        List<SigningJob> jobs = jobs(robot);
        for (int i = 1; i <= count; i++) {
            SigningJob job = jobs.get(i - 1);
            assertThat(job.file().getFileName()).hasToString("step" + i + ".ps1");
            assertThat(get(() -> job.state().get())).isEqualTo(SigningJob.State.SIGNED);
            assertThat(get(() -> job.result().get())).isEqualTo("Signed by Team Code Signing → step" + i + "-signed.ps1");
            assertThat(get(() -> job.progress().get())).isEqualTo(1.0);
            ExternalTool.Run authenticode = ExternalTool.run(List.of("osslsigncode", "verify", "-in",
                    folder.resolve("step" + i + "-signed.ps1").toString()), Map.of(), folder);
            assertThat(authenticode.stdout()).as(authenticode.toString()).contains("Team Code Signing");
        }
        assertThat(get(() -> robot.lookup("#sign-summary").queryAs(Labeled.class).getText())).isEqualTo(count + " signed");
        Fx.screenshot(window, "sign-files-many");
        Fx.run(window::hide);
    }

    @Test
    void filesDroppedOnTheListAreSignedWithTheSelectedCertificate(FxRobot robot) throws Exception {
        Path jar = jar("dropped.jar");
        waitUntil(() -> table(robot, "#certificates").getItems().size() == 2);
        robot.clickOn("Another Identity");

        drop(robot.lookup("#certificates").query(), jar);

        Fx.window("Another Identity – Sign Files");
        waitUntil(() -> jobs(robot).size() == 1 && finished(jobs(robot).get(0)));
        assertThat(get(() -> jobs(robot).get(0).result().get())).contains("Signed by Another Identity", "dropped-signed.jar");
        assertThat(folder.resolve("dropped-signed.jar")).isRegularFile();
    }

    @Test
    void aTimestampUrlThatIsNotHttpIsRefusedBeforeAnythingIsSigned(FxRobot robot) throws Exception {
        chosen.add(jar("app.jar"));
        waitUntil(() -> table(robot, "#certificates").getItems().size() == 2);
        robot.clickOn("Another Identity");
        Fx.chooseFromMenu(robot, "Certificate", "Sign Files…");
        Fx.window("Another Identity – Sign Files");

        robot.clickOn("#timestamp-url").write("ftp://timestamps.example");
        robot.clickOn("#choose-files");

        assertThat(get(() -> robot.lookup("#sign-summary").queryAs(Labeled.class).getText()))
                .contains("not an http or https URL");
        assertThat(jobs(robot)).isEmpty();
        assertThat(get(() -> robot.lookup("#timestamp-url").queryAs(TextField.class).getText()))
                .isEqualTo("ftp://timestamps.example");
    }

    @Test
    void anExistingSignedFileIsReplacedOnlyWhenTheUserSaysSo(FxRobot robot) throws Exception {
        chosen.add(jar("app.jar"));
        Path existing = Files.writeString(folder.resolve("app-signed.jar"), "an older signed copy");
        waitUntil(() -> table(robot, "#certificates").getItems().size() == 2);
        robot.clickOn("Another Identity");
        Fx.chooseFromMenu(robot, "Certificate", "Sign Files…");
        Fx.window("Another Identity – Sign Files");

        robot.clickOn("#choose-files");
        waitUntil(() -> robot.lookup("#replace-dialog").tryQuery().isPresent());
        assertThat(Fx.text(robot, "#replace-dialog .header-panel .label")).contains("app-signed.jar");
        robot.clickOn("Keep It");
        waitUntil(() -> jobs(robot).size() == 1 && jobs(robot).get(0).state().get() == SigningJob.State.KEPT);
        assertThat(Files.readString(existing)).isEqualTo("an older signed copy");
        assertThat(get(() -> jobs(robot).get(0).result().get())).contains("Not signed", "app-signed.jar");

        robot.clickOn("#choose-files");
        waitUntil(() -> robot.lookup("#replace-dialog").tryQuery().isPresent());
        robot.clickOn("Replace");
        waitUntil(() -> jobs(robot).size() == 2 && finished(jobs(robot).get(1)));
        assertThat(get(() -> jobs(robot).get(1).state().get())).isEqualTo(SigningJob.State.SIGNED);
        ExternalTool.Run verified = ExternalTool.run(List.of(ExternalTool.jdkTool("jarsigner"), "-verify",
                existing.toString()), Map.of(), folder);
        assertThat(verified.stdout()).as(verified.toString()).contains("jar verified.");
    }

    @Test
    void closesWithEscape(FxRobot robot) {
        waitUntil(() -> table(robot, "#certificates").getItems().size() == 2);
        robot.clickOn("Another Identity");
        robot.push(KeyCode.SHORTCUT, KeyCode.SHIFT, KeyCode.S);
        Stage window = Fx.window("Another Identity – Sign Files");
        waitUntil(window::isFocused);

        robot.push(KeyCode.ESCAPE);

        waitUntil(() -> !window.isShowing());
    }

    private boolean finished(SigningJob job) {
        SigningJob.State state = job.state().get();
        return state == SigningJob.State.SIGNED || state == SigningJob.State.FAILED;
    }

    @SuppressWarnings("unchecked")
    private static List<SigningJob> jobs(FxRobot robot) {
        return get(() -> List.copyOf(((TableView<SigningJob>) robot.lookup("#signing-jobs").query()).getItems()));
    }

    @SuppressWarnings("unchecked")
    private static TableView<Object> table(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(TableView.class);
    }

    private Path jar(String name) throws Exception {
        Path jar = folder.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("app.txt"));
            out.write("an application".getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }

    /**
     * A drop of files on the node, as the platform delivers one. Monocle has no drag source outside
     * the application, so the test makes the dragboard and the DRAG_OVER and DRAG_DROPPED events.
     */
    static void drop(Node target, Path... files) {
        Fx.run(() -> {
            Dragboard dragboard = DragboardHelper.createDragboard(new DraggedFiles(
                    java.util.Arrays.stream(files).map(Path::toFile).toList()));
            Point2D center = target.localToScreen(target.getLayoutBounds().getCenterX(),
                    target.getLayoutBounds().getCenterY());
            for (var type : List.of(DragEvent.DRAG_OVER, DragEvent.DRAG_DROPPED)) {
                target.fireEvent(new DragEvent(type, dragboard, center.getX(), center.getY(), center.getX(), center.getY(),
                        TransferMode.COPY, null, null, null));
            }
        });
    }

    /** What a file manager offers when files are dragged out of it: the files, to copy. */
    private record DraggedFiles(List<File> files) implements TKClipboard {
        @Override
        public Set<DataFormat> getContentTypes() {
            return Set.of(DataFormat.FILES);
        }

        @Override
        public Object getContent(DataFormat format) {
            return DataFormat.FILES.equals(format) ? files : null;
        }

        @Override
        public boolean hasContent(DataFormat format) {
            return DataFormat.FILES.equals(format);
        }

        @Override
        public Set<TransferMode> getTransferModes() {
            return Set.of(TransferMode.COPY);
        }

        @Override
        @SuppressWarnings("removal")
        public void setSecurityContext(java.security.AccessControlContext context) {
        }

        @Override
        @SafeVarargs
        public final boolean putContent(Pair<DataFormat, Object>... content) {
            throw new UnsupportedOperationException("a drop is only read");
        }

        @Override
        public void setDragView(Image image) {
        }

        @Override
        public void setDragViewOffsetX(double offset) {
        }

        @Override
        public void setDragViewOffsetY(double offset) {
        }

        @Override
        public Image getDragView() {
            return null;
        }

        @Override
        public double getDragViewOffsetX() {
            return 0;
        }

        @Override
        public double getDragViewOffsetY() {
            return 0;
        }
    }

    private static List<String> auditedFileNames() {
        JsonNode records = fixture.service.http.get("/api/v1/admin/audit?type=sign&limit=1000",
                fixture.service.adminToken()).json().get("records");
        return records.findValues("context").stream().map(context -> context.path("fileName").asText()).toList();
    }
}
