package io.signingmanager.manager.ui.signfiles;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.filesign.ManyFiles;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.ui.FileDrop;
import io.signingmanager.manager.ui.Icon;
import io.signingmanager.manager.ui.ManagerActions;
import io.signingmanager.manager.ui.ManagerMenus;
import io.signingmanager.manager.receipts.ReceiptSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
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
import org.controlsfx.control.TaskProgressView;

/**
 * Sign Files: files and macOS bundles (folders like Hello.app) dropped on the window or chosen are
 * signed with one identity, several at a time, each with its progress and its result (where the
 * signed file went and who signed it). Signed files go next to the originals as {@code name-signed.ext}.
 */
public final class SignFilesWindow {
    private final Stage stage = new Stage();
    private final SignFilesViewModel model;
    private final FilesToSign filesToSign;

    public SignFilesWindow(Identity identity, Manager manager, ManagerActions actions, FilesToSign filesToSign) {
        this.model = new SignFilesViewModel(identity, manager, Background.upTo(ManyFiles.AT_ONCE));
        this.filesToSign = filesToSign;

        BorderPane page = new BorderPane(jobTable(), options(), null, new VBox(runningJobs(), statusLine()), null);
        FileDrop.install(page, () -> true, this::sign);
        stage.setScene(ManagerMenus.secondaryScene(page, 1040, 520, actions));
        stage.setTitle(identity.commonName() + " – Sign Files");
        stage.setMinWidth(600);
        stage.setMinHeight(360);
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
        stage.toFront();
    }

    /** Queues the files for signing; the window shows each one's progress and result. */
    public void sign(List<Path> files) {
        model.sign(files, (input, existing) -> ReplaceDialog.ask(stage, input, existing));
    }

    private VBox options() {
        Label signerName = new Label(model.identity().commonName());
        signerName.getStyleClass().add("certificate-title");
        Label sha1 = new Label("SHA-1 " + model.identity().sha1());
        sha1.getStyleClass().addAll("fingerprint", "hint");

        Label timestampLabel = new Label("Timestamp URL");
        TextField timestampUrl = new TextField();
        timestampLabel.setLabelFor(timestampUrl);
        timestampUrl.textProperty().bindBidirectional(model.timestampUrl());
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
        Button addBundle = new Button("Add Bundle…");
        addBundle.setId("add-bundle");
        addBundle.setTooltip(new Tooltip("Sign a macOS bundle: a folder like Hello.app, a .framework or an .xpc service"));
        addBundle.setOnAction(event -> sign(filesToSign.chooseBundle(stage)));
        Label drop = new Label("Drop files or bundles here, or");
        drop.getStyleClass().add("hint");
        Label formats = new Label(SignFilesViewModel.formats());
        formats.setId("sign-formats");
        formats.getStyleClass().add("hint");
        formats.setWrapText(true);
        HBox dropRow = new HBox(10, drop, choose, addBundle);
        dropRow.setAlignment(Pos.CENTER_LEFT);
        VBox dropZone = new VBox(6, dropRow, formats);
        dropZone.setId("drop-zone");
        dropZone.getStyleClass().add("drop-zone");

        VBox top = new VBox(4, new VBox(signerName, sha1), form, dropZone);
        top.setPadding(new Insets(12, 12, 8, 12));
        return top;
    }

    private TableView<SigningJob> jobTable() {
        TableView<SigningJob> table = new TableView<>(model.jobs());
        table.setId("signing-jobs");
        table.setPlaceholder(new Label("No files yet: drop files or bundles here, or choose them."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<SigningJob, String> file = new TableColumn<>("File");
        file.setCellValueFactory(row -> new ReadOnlyStringWrapper(row.getValue().file().getFileName().toString()));
        file.setPrefWidth(170);
        file.setMaxWidth(260);
        TableColumn<SigningJob, String> format = new TableColumn<>("Format");
        format.setCellValueFactory(row -> row.getValue().format());
        format.setPrefWidth(120);
        format.setMaxWidth(160);
        TableColumn<SigningJob, Double> progress = new TableColumn<>("Progress");
        progress.setCellValueFactory(row -> row.getValue().progress().asObject());
        progress.setCellFactory(ProgressBarTableCell.forTableColumn());
        progress.setPrefWidth(110);
        progress.setMaxWidth(130);
        TableColumn<SigningJob, SigningJob> result = new TableColumn<>("Result");
        result.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(row.getValue()));
        result.setCellFactory(column -> new ResultCell());
        TableColumn<SigningJob, ReceiptSummary> receipt = new TableColumn<>("Receipt");
        receipt.setCellValueFactory(row -> row.getValue().receipt());
        receipt.setCellFactory(column -> new ReceiptCell());
        receipt.setPrefWidth(90);
        receipt.setMaxWidth(170);
        table.getColumns().setAll(List.of(file, format, progress, receipt, result));
        BorderPane.setMargin(table, new Insets(0, 12, 0, 12));
        return table;
    }

    /** The files being signed, in a ControlsFX task progress view that shows only while one is. */
    private TaskProgressView<RunningJob> runningJobs() {
        TaskProgressView<RunningJob> view = new TaskProgressView<>();
        view.setId("running-jobs");
        view.setGraphicFactory(task -> Icon.SIGN.node());
        view.setPrefHeight(90);
        view.visibleProperty().bind(Bindings.isNotEmpty(view.getTasks()));
        view.managedProperty().bind(view.visibleProperty());
        BorderPane.setMargin(view, new Insets(6, 12, 0, 12));
        // One follower per running job: several files are signed at once, each followed from its start.
        ExecutorService followers = Executors.newCachedThreadPool(work -> {
            Thread thread = new Thread(work, "signing-manager-job-follower");
            thread.setDaemon(true);
            return thread;
        });
        model.jobs().addListener((ListChangeListener<SigningJob>) change -> {
            while (change.next()) {
                change.getAddedSubList().forEach(job -> job.state().addListener((seen, old, state) -> {
                    if (state == SigningJob.State.RUNNING) {
                        RunningJob task = new RunningJob(job);
                        view.getTasks().add(task);
                        followers.execute(task);
                    }
                }));
            }
        });
        return view;
    }

    private HBox statusLine() {
        ProgressIndicator busy = new ProgressIndicator();
        busy.visibleProperty().bind(model.busy());
        busy.managedProperty().bind(model.busy());
        Label summary = new Label();
        summary.setId("sign-summary");
        summary.textProperty().bind(model.summary());
        model.summaryIsError().addListener((seen, old, error) -> {
            summary.getStyleClass().remove("error");
            if (error) {
                summary.getStyleClass().add("error");
            }
        });
        HBox line = new HBox(busy, summary);
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().add("status-line");
        return line;
    }

    /** The file's receipts in the signing log: the leaves, whether they hold (red when not), the details as a tooltip. */
    private static final class ReceiptCell extends TableCell<SigningJob, ReceiptSummary> {
        private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

        @Override
        protected void updateItem(ReceiptSummary summary, boolean empty) {
            super.updateItem(summary, empty);
            boolean shown = !empty && summary != null;
            setText(shown ? summary.text() : null);
            Tooltip tooltip = shown ? new Tooltip(summary.details()) : null;
            if (tooltip != null) {
                tooltip.setWrapText(true);
                tooltip.setMaxWidth(600);
            }
            setTooltip(tooltip);
            pseudoClassStateChanged(FAILED, shown && !summary.holds());
        }
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
}
