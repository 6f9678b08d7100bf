package io.signingmanager.manager.ui.certificates;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.log.ManagerLog;
import io.signingmanager.manager.settings.Settings;
import io.signingmanager.common.text.Plural;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.ui.FileDrop;
import io.signingmanager.manager.ui.Icon;
import io.signingmanager.manager.ui.ManagerAction;
import io.signingmanager.manager.ui.ManagerActions;
import io.signingmanager.manager.ui.ManagerMenus;
import io.signingmanager.manager.ui.ManagerStyle;
import io.signingmanager.manager.ui.ProblemAlert;
import io.signingmanager.manager.ui.Shortcut;
import io.signingmanager.manager.ui.log.LogWindow;
import io.signingmanager.manager.ui.preferences.PreferencesDialog;
import io.signingmanager.manager.ui.preferences.PreferencesViewModel;
import io.signingmanager.manager.ui.signfiles.FilesToSign;
import io.signingmanager.manager.ui.signfiles.SignFilesWindow;
import io.signingmanager.manager.ui.workflows.FolderChooser;
import io.signingmanager.manager.ui.workflows.WorkflowsWindow;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.ToolBar;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.MaskerPane;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;

/**
 * The certificates window: menu bar, toolbar with a search field, the list and the status bar, over
 * {@link CertificatesViewModel}. It starts by listing the certificates, or opens Preferences when
 * nothing is configured yet, and opens the other windows.
 */
public final class MainWindow {
    private static final Logger LOG = Logger.getLogger(MainWindow.class.getName());

    private final Stage stage;
    private final Manager manager;
    private final Path logFile;
    private final ExportLocation exportLocation;
    private final FilesToSign filesToSign;
    private final FolderChooser profileFolder;
    private final Background background = new Background();
    private final CertificatesViewModel model;
    private final IdentityTable table;
    private final CustomTextField search = (CustomTextField) TextFields.createClearableTextField();
    private final ManagerActions actions;
    private final Map<String, CertificateWindow> certificateWindows = new HashMap<>();
    private final Map<String, SignFilesWindow> signFilesWindows = new HashMap<>();
    private LogWindow logWindow;
    private WorkflowsWindow workflowsWindow;
    private PreferencesDialog preferences;

    public MainWindow(Stage stage, Manager manager, Path logFile, ExportLocation exportLocation, FilesToSign filesToSign) {
        this(stage, manager, logFile, exportLocation, filesToSign, FolderChooser.directoryChooser());
    }

    /** {@code profileFolder} is where Workflows' Fetch Signing Files… asks to write the profiles. */
    public MainWindow(Stage stage, Manager manager, Path logFile, ExportLocation exportLocation, FilesToSign filesToSign,
                      FolderChooser profileFolder) {
        this.stage = stage;
        this.profileFolder = profileFolder;
        this.manager = manager;
        this.logFile = logFile;
        this.exportLocation = exportLocation;
        this.filesToSign = filesToSign;
        model = new CertificatesViewModel(background, () -> Listing.fetch(manager), new CertificatesViewModel.Failures() {
            @Override
            public void notConfigured() {
                openPreferences();
            }

            @Override
            public void failedWhenAsked(Problem problem) {
                ProblemAlert.show(stage, "Refresh", problem);
            }
        });
        table = new IdentityTable(model, this::showCertificate);
        actions = actions(model.nothingSelected());
        table.setRowMenu(ManagerMenus.rowMenu(actions));
        VBox top = new VBox(ManagerMenus.menuBar(actions), toolBar());
        BorderPane page = new BorderPane(listArea(), top, null, new StatusLine(model, background.busy()).node(), null);
        // Files dropped on the list are signed with the selected certificate, in its Sign Files window.
        FileDrop.install(page, () -> model.selected().isPresent(),
                files -> model.selected().ifPresent(identity -> signFiles(identity).sign(files)));
        Scene scene = new Scene(page, 1000, 440);
        scene.getStylesheets().add(ManagerStyle.URL);
        scene.getAccelerators().put(Shortcut.FIND.combination(), search::requestFocus);
        stage.setScene(scene);
        stage.setTitle("Signing Manager");
    }

    /** Shows the window and lists the certificates (or opens Preferences when there is nothing to list from). */
    public void show() {
        show(() -> Listing.fetch(manager));
    }

    /** As {@link #show()}, with a first listing that may already be on its way. */
    public void show(Background.Call<Listing> firstListing) {
        stage.show();
        // Set before the first show, GTK opens the window at its minimum size.
        stage.setMinWidth(700);
        stage.setMinHeight(300);
        model.refresh(() -> {
            Listing listing = firstListing.call();
            LOG.info(() -> "Listed " + Plural.of(listing.identities().size(), "certificate") + " "
                    + ManagementFactory.getRuntimeMXBean().getUptime() + " ms after the JVM started");
            return listing;
        }, false);
    }

    private ManagerActions actions(ObservableBooleanValue nothingSelected) {
        ObservableBooleanValue never = new SimpleBooleanProperty(false);
        return new ManagerActions(
                new ManagerAction("Preferences…", Shortcut.PREFERENCES, Icon.PREFERENCES, never, this::openPreferences),
                new ManagerAction("Quit", Shortcut.QUIT, Icon.QUIT, never, Platform::exit),
                new ManagerAction("Refresh", Shortcut.REFRESH, Icon.REFRESH, never, () -> model.refresh(true)),
                Arrays.stream(CopyAction.values()).map(copy -> new ManagerAction(copy.title(), copy.shortcut(),
                        Icon.COPY, nothingSelected, () -> copy(copy))).toList(),
                new ManagerAction("Show Certificate", Shortcut.SHOW_CERTIFICATE, Icon.CERTIFICATE, nothingSelected,
                        () -> model.selected().ifPresent(this::showCertificate)),
                new ManagerAction("Sign Files…", Shortcut.SIGN_FILES, Icon.SIGN, nothingSelected,
                        () -> model.selected().ifPresent(this::signFiles)),
                new ManagerAction("Certificates Window", Shortcut.CERTIFICATES_WINDOW, Icon.WINDOW, never, this::toFront),
                new ManagerAction("Workflows", Shortcut.WORKFLOWS_WINDOW, Icon.WORKFLOWS, never, this::showWorkflows),
                new ManagerAction("Show Log", Shortcut.SHOW_LOG, Icon.LOG, never, this::showLog));
    }

    private ToolBar toolBar() {
        search.setId("certificate-search");
        search.setPromptText("Search name or SHA-1");
        search.setLeft(Icon.SEARCH.node());
        search.setPrefColumnCount(18);
        search.textProperty().bindBidirectional(model.search());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        return new ToolBar(ManagerMenus.button(actions.refresh(), "refresh"),
                ManagerMenus.button(actions.signFiles(), "sign-files"),
                ManagerMenus.button(actions.showCertificate(), "show-certificate"),
                ManagerMenus.button(actions.workflowsWindow(), "open-workflows"), spacer, search);
    }

    /** The list, masked while the first certificates are on their way. */
    private StackPane listArea() {
        MaskerPane masker = new MaskerPane();
        masker.setId("loading");
        masker.setText("Asking the Signing Service for the certificates…");
        masker.visibleProperty().bind(model.loading().and(Bindings.isEmpty(model.shown())));
        return new StackPane(table.node(), masker);
    }

    private void openPreferences() {
        if (preferences != null && preferences.isShowing()) {
            preferences.toFront();
            return;
        }
        background.run(() -> PreferencesViewModel.Current.load(manager), current -> {
            preferences = new PreferencesDialog(stage, manager, background, current, this::saved);
            preferences.show();
        }, problem -> ProblemAlert.show(stage, "Preferences", problem));
    }

    private void saved(Settings settings) {
        ManagerLog.setDebug(settings.debug());
        model.refresh(false);
    }

    private void copy(CopyAction copy) {
        model.copy(copy, text -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        }).ifPresent(copied -> Notifications.create().owner(stage).title("Signing Manager").text(copied)
                .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(2)).hideCloseButton().show());
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

    private void showWorkflows() {
        if (workflowsWindow == null) {
            workflowsWindow = new WorkflowsWindow(manager, actions, profileFolder);
        }
        workflowsWindow.show();
    }

    private void toFront() {
        stage.setIconified(false);
        stage.show();
        stage.toFront();
        stage.requestFocus();
    }
}
