package io.signingmanager.manager.ui.preferences;

import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.settings.Settings;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.ui.ManagerStyle;
import io.signingmanager.manager.ui.TrustDialog;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.event.ActionEvent;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Preferences: the Signing Service URL, the API key and "Trust Self Signed Certificates", over
 * {@link PreferencesViewModel}. The dialog stays open and says what went wrong until saving works.
 */
public final class PreferencesDialog {
    static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
    /** Wrapped texts need a width to wrap at; the fields' keeps the dialog's shape. */
    private static final double FIELD_WIDTH = 420;

    private final PreferencesViewModel model;
    private final Consumer<Settings> onSaved;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TextField url = new TextField();
    private final PasswordField apiKey = new PasswordField();

    /** {@code background}: the main window's, whose progress shows while saving runs. */
    public PreferencesDialog(Window owner, Manager manager, Background background, PreferencesViewModel.Current current,
                             Consumer<Settings> onSaved) {
        this.model = new PreferencesViewModel(manager, background, current);
        this.onSaved = onSaved;
        dialog.initOwner(owner);
        dialog.setTitle("Preferences");
        dialog.getDialogPane().setId("preferences");
        dialog.getDialogPane().getStylesheets().add(ManagerStyle.URL);
        dialog.getDialogPane().getButtonTypes().setAll(SAVE, ButtonType.CANCEL);
        dialog.getDialogPane().setContent(form());
        Node save = dialog.getDialogPane().lookupButton(SAVE);
        save.disableProperty().bind(model.canSave().not());
        save.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            model.save((service, sha256) -> TrustDialog.ask(window(), service, sha256), this::saved);
        });
    }

    public void show() {
        dialog.show();
        (url.getText().isEmpty() ? url : apiKey).requestFocus();
    }

    public boolean isShowing() {
        return dialog.isShowing();
    }

    public void toFront() {
        ((Stage) window()).toFront();
    }

    private Window window() {
        return dialog.getDialogPane().getScene().getWindow();
    }

    private GridPane form() {
        url.setId("service-url");
        url.setPromptText("https://signing.example.com:3000");
        url.setPrefWidth(FIELD_WIDTH);
        url.textProperty().bindBidirectional(model.url());
        apiKey.setId("api-key");
        apiKey.setPromptText(model.apiKeyPrompt());
        apiKey.textProperty().bindBidirectional(model.apiKey());
        CheckBox trustSelfSigned = new CheckBox("Trust Self Signed Certificates");
        trustSelfSigned.setId("trust-self-signed");
        trustSelfSigned.selectedProperty().bindBidirectional(model.trustSelfSigned());
        CheckBox debug = new CheckBox("Debug logging");
        debug.setId("debug-logging");
        debug.selectedProperty().bindBidirectional(model.debug());
        Label where = wrapped(new Label(model.keyHint()));
        where.getStyleClass().add("hint");
        Label error = wrapped(new Label());
        error.setId("preferences-error");
        error.getStyleClass().add("error");
        error.textProperty().bind(model.error());
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        // A dialog keeps its size by itself; the error and the progress line need it to grow and shrink.
        error.textProperty().addListener((seen, old, now) -> fitContent());
        HBox working = new HBox(8, new ProgressIndicator(), new Label("Connecting to the Signing Service…"));
        working.setId("preferences-progress");
        working.visibleProperty().bind(model.saving());
        working.managedProperty().bind(model.saving());
        model.saving().addListener((seen, old, now) -> fitContent());
        BooleanBinding editable = model.saving().not();
        url.editableProperty().bind(editable);
        apiKey.editableProperty().bind(editable);
        trustSelfSigned.disableProperty().bind(model.saving());
        debug.disableProperty().bind(model.saving());

        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setHalignment(HPos.RIGHT);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().setAll(labels, fields);
        form.addRow(0, new Label("Signing Service URL:"), url);
        form.addRow(1, new Label("API key:"), apiKey);
        form.add(where, 1, 2);
        form.add(trustSelfSigned, 1, 3);
        form.add(debug, 1, 4);
        form.add(working, 1, 5);
        form.add(error, 1, 6);
        return form;
    }

    private static Label wrapped(Label label) {
        label.setWrapText(true);
        label.setPrefWidth(FIELD_WIDTH);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    private void fitContent() {
        if (dialog.isShowing()) {
            window().sizeToScene();
        }
    }

    private void saved(Settings settings) {
        dialog.setResult(SAVE);
        dialog.close();
        onSaved.accept(settings);
    }
}
