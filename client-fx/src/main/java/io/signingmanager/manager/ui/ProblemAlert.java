package io.signingmanager.manager.ui;

import io.signingmanager.manager.connection.Problem;
import javafx.scene.control.Alert;
import javafx.stage.Window;

/** An error dialog for an action the user asked for: the problem in words, then what to do. */
public final class ProblemAlert {
    private ProblemAlert() {
    }

    public static void show(Window owner, String action, Problem problem) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        alert.initOwner(owner);
        alert.setTitle(action + " failed");
        alert.setHeaderText(problem.getMessage());
        alert.setContentText(problem.advice());
        alert.getDialogPane().setId("problem-alert");
        alert.show();
    }
}
