package io.signingmanager.manager.ui;

import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.text.Plural;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The bottom line of the certificates window: whether the service is reachable and who we are
 * there (or what is wrong and what to do), the count or the last copy on the right, and a progress
 * indicator while a call runs.
 */
final class StatusLine {
    private final Label state = new Label();
    private final Label note = new Label();
    private final HBox line;

    StatusLine(ObservableBooleanValue busy) {
        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("progress");
        progress.visibleProperty().bind(busy);
        progress.managedProperty().bind(busy);
        state.setId("status");
        note.setId("status-note");
        state.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(state, Priority.ALWAYS);
        line = new HBox(progress, state, note);
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().add("status-line");
    }

    HBox node() {
        return line;
    }

    void connecting() {
        show("Connecting to the Signing Service…", false);
        note.setText("");
    }

    void connected(Listing listing) {
        show("Connected to " + listing.service() + " as " + listing.whoAmI().client().name() + " · API key “"
                + listing.whoAmI().apiKey().name() + "”", false);
        int count = listing.identities().size();
        note.setText(Plural.of(count, "certificate"));
    }

    void problem(Problem problem) {
        show(problem.describe(), problem.kind() != Problem.Kind.NOT_CONFIGURED);
        note.setText("");
    }

    /** A passing remark on the right, like what was just copied. */
    void note(String text) {
        note.setText(text);
    }

    private void show(String text, boolean problem) {
        state.setText(text);
        state.setTooltip(new Tooltip(text));
        state.getStyleClass().remove("problem");
        if (problem) {
            state.getStyleClass().add("problem");
        }
    }
}
