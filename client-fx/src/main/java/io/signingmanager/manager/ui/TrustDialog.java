package io.signingmanager.manager.ui;

import io.signingmanager.common.crypto.Fingerprints;
import java.net.URI;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Asks whether to trust the self-signed TLS certificate a Signing Service shows, with its SHA-256
 * to compare against the one on the service's main page. Only a certificate the user accepts is pinned.
 */
public final class TrustDialog {
    public static final ButtonType TRUST = new ButtonType("Trust", ButtonBar.ButtonData.OK_DONE);

    private TrustDialog() {
    }

    /** Waits for the answer (a nested event loop, so the window keeps painting). */
    public static boolean ask(Window owner, URI service, String sha256) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", TRUST, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle("Trust Self Signed Certificate");
        alert.setHeaderText("Trust the TLS certificate of " + service.getHost() + "?");
        Label explanation = new Label("The Signing Service at " + service + " shows a certificate that no authority "
                + "vouches for. Compare its fingerprint with the one on the service's main page (the service also "
                + "logs it when it starts); trust it only if they are the same.");
        explanation.setWrapText(true);
        // Written as the service's main page and log write it, so the two can be compared pair by pair.
        TextArea fingerprint = new TextArea(String.join("\n", Fingerprints.lines(sha256)));
        fingerprint.setId("trust-sha256");
        fingerprint.setEditable(false);
        fingerprint.setPrefRowCount(2);
        fingerprint.getStyleClass().addAll("fingerprint", "read-only");
        HBox shown = new HBox(8, new Label("SHA-256:"), fingerprint);
        shown.setAlignment(Pos.BASELINE_LEFT);
        HBox.setHgrow(fingerprint, Priority.ALWAYS);
        VBox content = new VBox(12, explanation, shown);
        content.setPrefWidth(620);
        alert.getDialogPane().setContent(content);
        alert.getDialogPane().setId("trust-dialog");
        alert.getDialogPane().getStylesheets().add(ManagerStyle.URL);
        // Return must not trust a certificate nobody looked at.
        ((Button) alert.getDialogPane().lookupButton(TRUST)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return alert.showAndWait().filter(TRUST::equals).isPresent();
    }
}
