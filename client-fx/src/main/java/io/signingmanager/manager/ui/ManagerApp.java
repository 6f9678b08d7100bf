package io.signingmanager.manager.ui;

import io.signingmanager.manager.Main;
import io.signingmanager.manager.home.ManagerHome;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/** The Signing Manager as a desktop app: {@link Main} launches it when there are no arguments. */
public final class ManagerApp extends Application {

    @Override
    public void start(Stage stage) {
        ManagerHome home = ManagerHome.current();
        // Closing the certificates window quits, even with the log or a certificate still open.
        stage.setOnHidden(event -> Platform.exit());
        new MainWindow(stage, Main.manager(home), home.logFile(), ExportLocation.fileChooser()).show();
    }
}
