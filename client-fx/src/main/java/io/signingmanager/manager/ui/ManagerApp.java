package io.signingmanager.manager.ui;

import io.signingmanager.manager.Main;
import io.signingmanager.manager.agent.Agent;
import io.signingmanager.manager.agent.AgentSocket;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.ui.certificates.ExportLocation;
import io.signingmanager.manager.ui.certificates.Listing;
import io.signingmanager.manager.ui.certificates.MainWindow;
import io.signingmanager.manager.ui.signfiles.FilesToSign;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The Signing Manager as a desktop app, started by {@link #launch(ManagerHome, Manager)}, with the
 * agent serving local tools while it is open.
 */
public final class ManagerApp extends Application {
    private static final Logger LOG = Logger.getLogger(ManagerApp.class.getName());
    // JavaFX creates the Application itself, so what it needs is handed over here, once per process.
    private static ManagerHome home;
    private static Manager manager;
    private static Background.Call<Listing> firstListing;
    private Optional<Agent> agent = Optional.empty();

    /**
     * Opens the window and returns when it closes. Installing the log and the first refresh run at
     * once on a thread of their own, while JavaFX starts: the list is there sooner.
     */
    public static void launch(ManagerHome home, Manager manager) {
        prepare(home, manager, Listing.fetchNow(() -> {
            Main.installLog(home, manager, false);
            return Listing.fetch(manager);
        }));
        Application.launch(ManagerApp.class);
    }

    static void prepare(ManagerHome home, Manager manager, Background.Call<Listing> firstListing) {
        ManagerApp.home = home;
        ManagerApp.manager = manager;
        ManagerApp.firstListing = firstListing;
    }

    @Override
    public void start(Stage stage) {
        agent = startAgent();
        // Closing the certificates window quits, even with the log or a certificate still open.
        stage.setOnHidden(event -> Platform.exit());
        new MainWindow(stage, manager, home.logFile(), ExportLocation.fileChooser(), FilesToSign.fileChooser())
                .show(firstListing);
    }

    /** The agent runs while the window is open, unless another one (a headless agent) holds its socket. */
    private static Optional<Agent> startAgent() {
        try {
            return Optional.of(Agent.start(AgentSocket.Location.of(System.getenv(), home), manager));
        } catch (IOException e) {
            LOG.warning(() -> "The agent does not run: " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void stop() throws IOException {
        if (agent.isPresent()) {
            agent.get().close();
        }
    }
}
