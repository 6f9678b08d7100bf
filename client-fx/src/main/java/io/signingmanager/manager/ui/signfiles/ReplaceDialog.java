package io.signingmanager.manager.ui.signfiles;

import io.signingmanager.manager.ui.ManagerStyle;
import java.nio.file.Path;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** Asks before a signed file replaces one that is already there. */
final class ReplaceDialog {
    static final ButtonType REPLACE = new ButtonType("Replace", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType KEEP = new ButtonType("Keep It", ButtonBar.ButtonData.CANCEL_CLOSE);

    private ReplaceDialog() {
    }

    /** Waits for the answer (a nested event loop); true to replace {@code existing}. */
    static boolean ask(Window owner, Path input, Path existing) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", REPLACE, KEEP);
        alert.initOwner(owner);
        alert.setTitle("Replace " + existing.getFileName() + "?");
        alert.setHeaderText("“" + existing.getFileName() + "” already exists.");
        alert.setContentText("Signing " + input.getFileName() + " writes its signed copy there, in "
                + existing.toAbsolutePath().getParent() + ". Replace the existing file?");
        alert.getDialogPane().setId("replace-dialog");
        alert.getDialogPane().getStylesheets().add(ManagerStyle.URL);
        // Return must not overwrite a file by accident.
        ((Button) alert.getDialogPane().lookupButton(REPLACE)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(KEEP)).setDefaultButton(true);
        return alert.showAndWait().filter(REPLACE::equals).isPresent();
    }
}
