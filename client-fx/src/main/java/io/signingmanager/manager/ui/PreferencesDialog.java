package io.signingmanager.manager.ui;

import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.settings.Settings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleBooleanProperty;
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
 * Preferences: the Signing Service URL, the API key and "Trust Self Signed Certificates". Saving
 * registers this machine with the service; the dialog stays open and says what went wrong until
 * that works.
 */
final class PreferencesDialog {
    static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);
    /** Wrapped texts need a width to wrap at; the fields' keeps the dialog's shape. */
    private static final double FIELD_WIDTH = 420;

    /** What the dialog starts from, read off the FX thread because the secret store may run a tool. */
    record Current(Settings settings, boolean apiKeySet, String secretStore) {
        static Current load(Manager manager) throws Problem {
            return new Current(manager.settings(), manager.apiKeySet(), manager.secretStoreDescription());
        }
    }

    private final Manager manager;
    private final Background background;
    private final Current current;
    private final Consumer<Settings> onSaved;
    private final Dialog<ButtonType> dialog = new Dialog<>();
    private final TextField url = new TextField();
    private final PasswordField apiKey = new PasswordField();
    private final CheckBox trustSelfSigned = new CheckBox("Trust Self Signed Certificates");
    private final CheckBox debug = new CheckBox("Debug logging");
    private final Label error = new Label();
    private final SimpleBooleanProperty saving = new SimpleBooleanProperty();

    PreferencesDialog(Window owner, Manager manager, Background background, Current current, Consumer<Settings> onSaved) {
        this.manager = manager;
        this.background = background;
        this.current = current;
        this.onSaved = onSaved;
        dialog.initOwner(owner);
        dialog.setTitle("Preferences");
        dialog.getDialogPane().setId("preferences");
        dialog.getDialogPane().getStylesheets().add(ManagerStyle.URL);
        dialog.getDialogPane().getButtonTypes().setAll(SAVE, ButtonType.CANCEL);
        dialog.getDialogPane().setContent(form());
        Node save = dialog.getDialogPane().lookupButton(SAVE);
        save.disableProperty().bind(saving.or(url.textProperty().isEmpty())
                .or(apiKey.textProperty().isEmpty().and(new SimpleBooleanProperty(!current.apiKeySet()))));
        save.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            save();
        });
        Settings settings = current.settings();
        url.setText(settings.apiHost() == null ? "" : settings.apiHost().toString());
        trustSelfSigned.setSelected(settings.trustSelfSigned());
        debug.setSelected(settings.debug());
    }

    void show() {
        dialog.show();
        (url.getText().isEmpty() ? url : apiKey).requestFocus();
    }

    boolean isShowing() {
        return dialog.isShowing();
    }

    void toFront() {
        ((Stage) window()).toFront();
    }

    private Window window() {
        return dialog.getDialogPane().getScene().getWindow();
    }

    private GridPane form() {
        url.setId("service-url");
        url.setPromptText("https://signing.example.com:3000");
        url.setPrefWidth(FIELD_WIDTH);
        apiKey.setId("api-key");
        apiKey.setPromptText(current.apiKeySet() ? "Leave empty to keep the saved key" : "From the API Keys page (show value)");
        trustSelfSigned.setId("trust-self-signed");
        debug.setId("debug-logging");
        Label where = new Label(current.apiKeySet() ? "A key is saved in " + current.secretStore()
                + ". Saving keeps this machine's registration while the URL and the key stay the same."
                : "The key will be kept in " + current.secretStore() + ".");
        where.getStyleClass().add("hint");
        where.setWrapText(true);
        where.setPrefWidth(FIELD_WIDTH);
        where.setMinHeight(Region.USE_PREF_SIZE);
        error.setId("preferences-error");
        error.getStyleClass().add("error");
        error.setWrapText(true);
        error.setPrefWidth(FIELD_WIDTH);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.managedProperty().bind(error.textProperty().isNotEmpty());
        // A dialog keeps its size by itself; the error and the progress line need it to grow and shrink.
        error.textProperty().addListener((seen, old, now) -> fitContent());
        ProgressIndicator progress = new ProgressIndicator();
        Label registering = new Label("Connecting to the Signing Service…");
        HBox working = new HBox(8, progress, registering);
        working.setId("preferences-progress");
        working.visibleProperty().bind(saving);
        working.managedProperty().bind(saving);
        saving.addListener((seen, old, now) -> fitContent());
        BooleanBinding editable = saving.not();
        url.editableProperty().bind(editable);
        apiKey.editableProperty().bind(editable);
        trustSelfSigned.disableProperty().bind(saving);
        debug.disableProperty().bind(saving);

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

    private void fitContent() {
        if (dialog.isShowing()) {
            window().sizeToScene();
        }
    }

    private void save() {
        URI service;
        try {
            service = new URI(url.getText().strip());
        } catch (URISyntaxException e) {
            error.setText("\"" + url.getText().strip() + "\" is not a URL. Use the URL from the Signing Service's main page.");
            return;
        }
        error.setText("");
        saving.set(true);
        if (trustSelfSigned.isSelected()) {
            background.run(() -> manager.certificateOf(service), sha256 -> confirm(service, sha256), this::failed);
        } else {
            register(service, null);
        }
    }

    private void confirm(URI service, String sha256) {
        if (sha256.equals(current.settings().pinnedSha256()) || TrustDialog.ask(window(), service, sha256)) {
            register(service, sha256);
        } else {
            saving.set(false);
            error.setText("Not saved: the service's certificate was not trusted.");
        }
    }

    private void register(URI service, String pinnedSha256) {
        String key = apiKey.getText();
        boolean debugLogging = debug.isSelected();
        background.run(() -> manager.save(service, key, pinnedSha256, debugLogging), this::saved, this::failed);
    }

    private void saved(Settings settings) {
        saving.set(false);
        dialog.setResult(SAVE);
        dialog.close();
        onSaved.accept(settings);
    }

    private void failed(Problem problem) {
        saving.set(false);
        error.setText(problem.getMessage() + "\n" + problem.advice());
    }
}
