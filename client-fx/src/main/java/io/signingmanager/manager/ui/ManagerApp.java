package io.signingmanager.manager.ui;

import io.signingmanager.manager.Main;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The Signing Manager as a desktop app, started by {@link #launch(ManagerHome, Manager)}. */
public final class ManagerApp extends Application {
    // JavaFX creates the Application itself, so what it needs is handed over here, once per process.
    private static ManagerHome home;
    private static Manager manager;
    private static Background.Call<Listing> firstListing;

    /**
     * Opens the window and returns when it closes. Installing the log and the first refresh run at
     * once on a thread of their own, while JavaFX starts: the list is there sooner.
     */
    public static void launch(ManagerHome home, Manager manager) {
        ManagerApp.home = home;
        ManagerApp.manager = manager;
        ManagerApp.firstListing = Listing.fetchNow(() -> {
            Main.installLog(home, manager, false);
            return Listing.fetch(manager);
        });
        Application.launch(ManagerApp.class);
    }

    @Override
    public void start(Stage stage) {
        // Closing the certificates window quits, even with the log or a certificate still open.
        stage.setOnHidden(event -> Platform.exit());
        new MainWindow(stage, manager, home.logFile(), ExportLocation.fileChooser()).show(firstListing);
    }
}
