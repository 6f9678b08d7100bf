package io.signingmanager.manager.ui.certificates;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.controlsfx.control.StatusBar;

/**
 * The bottom line of the certificates window, a ControlsFX status bar: whether the service is
 * reachable and who we are there (or what is wrong and what to do), the count or the last copy on
 * the right, and its progress bar running while a call to the service does.
 */
final class StatusLine {
    private final StatusBar bar = new StatusBar();

    StatusLine(CertificatesViewModel model, ObservableBooleanValue busy) {
        Label state = new Label();
        state.setId("status");
        state.textProperty().bind(model.status());
        Tooltip tooltip = new Tooltip();
        tooltip.textProperty().bind(model.status());
        state.setTooltip(tooltip);
        model.problem().addListener((seen, old, problem) -> {
            state.getStyleClass().remove("problem");
            if (problem) {
                state.getStyleClass().add("problem");
            }
        });
        state.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(state, Priority.ALWAYS);
        Label note = new Label();
        note.setId("status-note");
        note.textProperty().bind(model.note());
        bar.setId("status-bar");
        // The bar's own text would sit beside the progress bar; the state is a label of its own, with an id.
        bar.setText("");
        bar.getLeftItems().setAll(state);
        bar.getRightItems().setAll(note);
        bar.progressProperty().bind(Bindings.when(busy).then(-1.0).otherwise(0.0));
    }

    StatusBar node() {
        return bar;
    }
}
