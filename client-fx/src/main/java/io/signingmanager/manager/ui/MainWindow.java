package io.signingmanager.manager.ui;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.log.ManagerLog;
import io.signingmanager.manager.settings.Settings;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import javafx.application.Platform;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The certificates window: menu bar, toolbar, the list and the status line. It starts by listing the
 * certificates, or opens Preferences when nothing is configured yet, and opens the other windows.
 */
public final class MainWindow {
    private static final Logger LOG = Logger.getLogger(MainWindow.class.getName());

    private final Stage stage;
    private final Manager manager;
    private final Path logFile;
    private final ExportLocation exportLocation;
    private final FilesToSign filesToSign;
    private final Background background = new Background();
    private final StatusLine status = new StatusLine(background.busy());
    private final IdentityTable table = new IdentityTable(this::showCertificate);
    private final ManagerActions actions = actions(table.nothingSelected());
    private final Map<String, CertificateWindow> certificateWindows = new HashMap<>();
    private final Map<String, SignFilesWindow> signFilesWindows = new HashMap<>();
    private LogWindow logWindow;
    private PreferencesDialog preferences;
    /** Counts refreshes, so that a slow one finishing late cannot overwrite a newer answer. */
    private long refreshes;

    public MainWindow(Stage stage, Manager manager, Path logFile, ExportLocation exportLocation, FilesToSign filesToSign) {
        this.stage = stage;
        this.manager = manager;
        this.logFile = logFile;
        this.exportLocation = exportLocation;
        this.filesToSign = filesToSign;
        table.setRowMenu(ManagerMenus.rowMenu(actions));
        Button refresh = new Button("Refresh");
        refresh.setId("refresh");
        refresh.setTooltip(new Tooltip("Ask the Signing Service for the certificates again ("
                + actions.refresh().accelerator().getDisplayText() + ")"));
        refresh.setOnAction(event -> refresh(true));
        VBox top = new VBox(ManagerMenus.menuBar(actions), new ToolBar(refresh));
        BorderPane page = new BorderPane(table.node(), top, null, status.node(), null);
        // Files dropped on the list are signed with the selected certificate, in its Sign Files window.
        FileDrop.install(page, () -> table.selected().isPresent(),
                files -> table.selected().ifPresent(identity -> signFiles(identity).sign(files)));
        Scene scene = new Scene(page, 1000, 440);
        scene.getStylesheets().add(ManagerStyle.URL);
        stage.setScene(scene);
        stage.setTitle("Signing Manager");
    }

    /** Shows the window and lists the certificates (or opens Preferences when there is nothing to list from). */
    public void show() {
        show(() -> Listing.fetch(manager));
    }

    /** As {@link #show()}, with a first listing that may already be on its way. */
    void show(Background.Call<Listing> firstListing) {
        stage.show();
        // Set before the first show, GTK opens the window at its minimum size.
        stage.setMinWidth(700);
        stage.setMinHeight(300);
        refresh(firstListing, false);
    }

    private ManagerActions actions(ObservableBooleanValue nothingSelected) {
        ObservableBooleanValue never = new SimpleBooleanProperty(false);
        return new ManagerActions(
                new ManagerAction("Preferences…", shortcut(KeyCode.COMMA), never, this::openPreferences),
                new ManagerAction("Quit", shortcut(KeyCode.Q), never, Platform::exit),
                new ManagerAction("Refresh", shortcut(KeyCode.R), never, () -> refresh(true)),
                Arrays.stream(CopyAction.values()).map(copy -> new ManagerAction(copy.title(), copy.accelerator(),
                        nothingSelected, () -> copy(copy))).toList(),
                new ManagerAction("Show Certificate", new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN,
                        KeyCombination.ALT_DOWN), nothingSelected, () -> table.selected().ifPresent(this::showCertificate)),
                new ManagerAction("Sign Files…", new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN,
                        KeyCombination.SHIFT_DOWN), nothingSelected, () -> table.selected().ifPresent(this::signFiles)),
                new ManagerAction("Certificates Window", shortcut(KeyCode.DIGIT1), never, this::toFront),
                new ManagerAction("Show Log", shortcut(KeyCode.L), never, this::showLog));
    }

    private static KeyCombination shortcut(KeyCode key) {
        return new KeyCodeCombination(key, KeyCombination.SHORTCUT_DOWN);
    }

    /** {@code asked}: the user chose Refresh, so a failure also gets a dialog, not only the status line. */
    private void refresh(boolean asked) {
        refresh(() -> Listing.fetch(manager), asked);
    }

    private void refresh(Background.Call<Listing> fetch, boolean asked) {
        long refresh = ++refreshes;
        status.connecting();
        table.waiting("Asking the Signing Service for the certificates…");
        background.run(fetch, listing -> {
            if (refresh == refreshes) {
                listed(listing, refresh == 1);
            }
        }, problem -> {
            if (refresh == refreshes) {
                refreshFailed(problem, asked);
            }
        });
    }

    private void listed(Listing listing, boolean atLaunch) {
        table.show(listing.identities());
        status.connected(listing);
        if (atLaunch) {
            LOG.info(() -> "Listed " + listing.identities().size() + " certificates "
                    + ManagementFactory.getRuntimeMXBean().getUptime() + " ms after the JVM started");
        }
    }

    private void refreshFailed(Problem problem, boolean asked) {
        table.clear(problem.getMessage() + "\n" + problem.advice());
        status.problem(problem);
        if (problem.kind() == Problem.Kind.NOT_CONFIGURED) {
            openPreferences();
        } else if (asked) {
            ProblemAlert.show(stage, "Refresh", problem);
        }
    }

    private void openPreferences() {
        if (preferences != null && preferences.isShowing()) {
            preferences.toFront();
            return;
        }
        background.run(() -> PreferencesDialog.Current.load(manager), current -> {
            preferences = new PreferencesDialog(stage, manager, background, current, this::saved);
            preferences.show();
        }, problem -> ProblemAlert.show(stage, "Preferences", problem));
    }

    private void saved(Settings settings) {
        ManagerLog.setDebug(settings.debug());
        refresh(false);
    }

    private void copy(CopyAction copy) {
        table.selected().ifPresent(identity -> status.note(copy.copy(identity)));
    }

    private void showCertificate(Identity identity) {
        certificateWindows.computeIfAbsent(identity.sha1(), sha1 -> {
            CertificateWindow window = new CertificateWindow(identity, actions, exportLocation);
            window.stage().setOnHidden(event -> certificateWindows.remove(sha1));
            return window;
        }).show();
    }

    private SignFilesWindow signFiles(Identity identity) {
        SignFilesWindow window = signFilesWindows.computeIfAbsent(identity.sha1(), sha1 -> {
            SignFilesWindow opened = new SignFilesWindow(identity, manager, actions, filesToSign);
            opened.stage().setOnHidden(event -> signFilesWindows.remove(sha1));
            return opened;
        });
        window.show();
        return window;
    }

    private void showLog() {
        if (logWindow == null) {
            logWindow = new LogWindow(logFile, actions);
        }
        logWindow.show();
    }

    private void toFront() {
        stage.setIconified(false);
        stage.show();
        stage.toFront();
        stage.requestFocus();
    }
}
