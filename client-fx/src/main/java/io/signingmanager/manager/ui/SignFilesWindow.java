package io.signingmanager.manager.ui;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.filesign.FileSignRequest;
import io.signingmanager.manager.filesign.FileSignResult;
import io.signingmanager.manager.filesign.FileSigner;
import io.signingmanager.manager.filesign.TimestampUrl;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.ProgressBarTableCell;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * Sign Files: files dropped on the window or chosen are signed with one identity, one after the
 * other, each with its progress and its result (where the signed file went and who signed it).
 * Signed files go next to the originals as {@code name-signed.ext}.
 */
final class SignFilesWindow {
    private final Stage stage = new Stage();
    private final Identity identity;
    private final Manager manager;
    private final FilesToSign filesToSign;
    /** One file at a time, in the order they came. */
    private final Background queue = Background.oneAtATime();
    private final ObservableList<SigningJob> jobs = FXCollections.observableArrayList();
    private final TextField timestampUrl = new TextField();
    private final Label summary = new Label();
    private FileSigner signer;

    SignFilesWindow(Identity identity, Manager manager, ManagerActions actions, FilesToSign filesToSign) {
        this.identity = identity;
        this.manager = manager;
        this.filesToSign = filesToSign;

        BorderPane page = new BorderPane(jobTable(), options(), null, statusLine(), null);
        FileDrop.install(page, () -> true, this::sign);
        stage.setScene(ManagerMenus.secondaryScene(page, 1040, 520, actions));
        stage.setTitle(identity.commonName() + " – Sign Files");
        stage.setMinWidth(600);
        stage.setMinHeight(360);
        jobs.addListener((ListChangeListener<SigningJob>) change -> summarize());
    }

    Stage stage() {
        return stage;
    }

    void show() {
        stage.show();
        stage.toFront();
    }

    /** Queues the files for signing; the window shows each one's progress and result. */
    void sign(List<Path> files) {
        URI timestamp;
        try {
            timestamp = TimestampUrl.parse(timestampUrl.getText());
        } catch (IllegalArgumentException e) {
            summary.setText("The timestamp URL is not an http or https URL: " + timestampUrl.getText().strip());
            summary.getStyleClass().add("error");
            return;
        }
        for (Path file : files) {
            SigningJob job = new SigningJob(file);
            job.state().addListener((seen, old, state) -> summarize());
            jobs.add(job);
            FileSignRequest request = new FileSignRequest(file, null, identity.sha1(), timestamp);
            Path output = request.outputFile();
            if (Files.exists(output) && !ReplaceDialog.ask(stage, file, output)) {
                job.kept(output);
                continue;
            }
            queue.run(() -> {
                Platform.runLater(job::started);
                return signer().sign(request, job::hashed);
            }, job::signed, job::failed);
        }
    }

    private VBox options() {
        Label signerName = new Label(identity.commonName());
        signerName.getStyleClass().add("certificate-title");
        Label sha1 = new Label("SHA-1 " + identity.sha1());
        sha1.getStyleClass().addAll("fingerprint", "hint");

        Label timestampLabel = new Label("Timestamp URL");
        timestampLabel.setLabelFor(timestampUrl);
        timestampUrl.setId("timestamp-url");
        timestampUrl.setPromptText("optional, an RFC 3161 time-stamping authority, e.g. http://timestamp.digicert.com");
        GridPane form = new GridPane();
        form.getStyleClass().add("form");
        form.addRow(0, timestampLabel, timestampUrl);
        GridPane.setHgrow(timestampUrl, Priority.ALWAYS);

        Button choose = new Button("Choose Files…");
        choose.setId("choose-files");
        choose.setDefaultButton(true);
        choose.setOnAction(event -> sign(filesToSign.choose(stage)));
        Label drop = new Label("Drop files here, or");
        drop.getStyleClass().add("hint");
        Label formats = new Label("JARs, Windows programs and libraries, MSI, CAB, catalogs, APPX/MSIX, NuGet packages "
                + "and scripts. Signed files go next to the originals, as name-signed.ext; you are asked before one replaces a file.");
        formats.getStyleClass().add("hint");
        formats.setWrapText(true);
        HBox dropRow = new HBox(10, drop, choose);
        dropRow.setAlignment(Pos.CENTER_LEFT);
        VBox dropZone = new VBox(6, dropRow, formats);
        dropZone.setId("drop-zone");
        dropZone.getStyleClass().add("drop-zone");

        VBox top = new VBox(4, new VBox(signerName, sha1), form, dropZone);
        top.setPadding(new Insets(12, 12, 8, 12));
        return top;
    }

    private TableView<SigningJob> jobTable() {
        TableView<SigningJob> table = new TableView<>(jobs);
        table.setId("signing-jobs");
        table.setPlaceholder(new Label("No files yet: drop some here or choose them."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<SigningJob, String> file = new TableColumn<>("File");
        file.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().file().getFileName().toString()));
        file.setPrefWidth(170);
        file.setMaxWidth(260);
        TableColumn<SigningJob, String> format = new TableColumn<>("Format");
        format.setCellValueFactory(row -> row.getValue().format());
        format.setPrefWidth(130);
        format.setMaxWidth(160);
        TableColumn<SigningJob, Double> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(row -> row.getValue().progress().asObject());
        progress.setCellFactory(ProgressBarTableCell.forTableColumn());
        progress.setPrefWidth(110);
        progress.setMaxWidth(130);
        TableColumn<SigningJob, SigningJob> result = new TableColumn<>("Result");
        result.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        result.setCellFactory(column -> new ResultCell());
        table.getColumns().setAll(List.of(file, format, progress, result));
        BorderPane.setMargin(table, new Insets(0, 12, 0, 12));
        return table;
    }

    private HBox statusLine() {
        ProgressIndicator busy = new ProgressIndicator();
        busy.visibleProperty().bind(queue.busy());
        busy.managedProperty().bind(queue.busy());
        summary.setId("sign-summary");
        HBox line = new HBox(busy, summary);
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().add("status-line");
        return line;
    }

    /** The job's result, in red once it failed, with the full text as a tooltip. */
    private static final class ResultCell extends TableCell<SigningJob, SigningJob> {
        private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
        private final ChangeListener<SigningJob.State> restyle = (seen, old, state) -> showState(state);
        private SigningJob shown;

        @Override
        protected void updateItem(SigningJob job, boolean empty) {
            super.updateItem(job, empty);
            if (shown != null) {
                shown.state().removeListener(restyle);
            }
            shown = empty ? null : job;
            textProperty().unbind();
            setTooltip(null);
            if (shown == null) {
                setText(null);
                showState(null);
                return;
            }
            textProperty().bind(shown.result());
            Tooltip tooltip = new Tooltip();
            tooltip.textProperty().bind(shown.result());
            tooltip.setWrapText(true);
            tooltip.setMaxWidth(600);
            setTooltip(tooltip);
            shown.state().addListener(restyle);
            showState(shown.state().get());
        }

        private void showState(SigningJob.State state) {
            pseudoClassStateChanged(FAILED, state == SigningJob.State.FAILED);
        }
    }

    /** Made at the first file, on the signing thread: it lists the identities from the service. */
    private FileSigner signer() throws Problem {
        if (signer == null) {
            signer = FileSigner.through(manager);
        }
        return signer;
    }

    private void summarize() {
        summary.getStyleClass().remove("error");
        long signed = jobs.stream().filter(job -> job.state().get() == SigningJob.State.SIGNED).count();
        long failed = jobs.stream().filter(job -> job.state().get() == SigningJob.State.FAILED).count();
        long kept = jobs.stream().filter(job -> job.state().get() == SigningJob.State.KEPT).count();
        long left = jobs.size() - signed - failed - kept;
        StringBuilder text = new StringBuilder().append(signed).append(" signed");
        if (failed > 0) {
            text.append(", ").append(failed).append(" failed");
            summary.getStyleClass().add("error");
        }
        if (kept > 0) {
            text.append(", ").append(kept).append(" not signed (kept the existing file)");
        }
        if (left > 0) {
            text.append(", ").append(left).append(" to go");
        }
        summary.setText(text.toString());
    }
}
