package io.signingmanager.manager.ui.workflows;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.protocol.WorkflowSummary;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.ui.Icon;
import io.signingmanager.manager.ui.ManagerActions;
import io.signingmanager.manager.ui.ManagerMenus;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;

/**
 * Workflows: the Apple signing workflows this machine may fetch (name, bundle ID, distribution,
 * readiness and what a workflow lacks), and Fetch Signing Files…, which asks for a folder, writes
 * the profiles there and shows what it wrote and the commands, each with a Copy button.
 */
public final class WorkflowsWindow {
    private static final PseudoClass NOT_READY = PseudoClass.getPseudoClass("not-ready");

    private final Stage stage = new Stage();
    private final WorkflowsViewModel model;
    private final FolderChooser folderChooser;

    public WorkflowsWindow(Manager manager, ManagerActions actions, FolderChooser folderChooser) {
        this.model = new WorkflowsViewModel(manager, new Background());
        this.folderChooser = folderChooser;
        SplitPane split = new SplitPane(table(), new FetchResultPane(model, this::copy).node());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.3);
        BorderPane page = new BorderPane(split, toolBar(), null, statusLine(), null);
        stage.setScene(ManagerMenus.secondaryScene(page, 1000, 620, actions));
        stage.setTitle("Workflows");
        stage.setMinWidth(640);
        stage.setMinHeight(400);
    }

    public Stage stage() {
        return stage;
    }

    /** Brings the window forward and lists the workflows afresh. */
    public void show() {
        stage.show();
        stage.toFront();
        model.refresh();
    }

    private ToolBar toolBar() {
        Button refresh = new Button("Refresh", Icon.REFRESH.node());
        refresh.setId("refresh-workflows");
        refresh.setOnAction(event -> model.refresh());
        Button fetch = new Button("Fetch Signing Files…", Icon.FETCH.node());
        fetch.setId("fetch-signing-files");
        fetch.setTooltip(new Tooltip("Write the selected workflow's provisioning profiles into a folder and show the"
                + " commands that sign with its identities"));
        fetch.disableProperty().bind(model.nothingSelected().or(model.busy()));
        fetch.setOnAction(event -> folderChooser.choose(stage, model.suggestedFolder()).ifPresent(model::fetch));
        return new ToolBar(refresh, fetch);
    }

    private TableView<WorkflowSummary> table() {
        TableView<WorkflowSummary> table = new TableView<>(model.workflows());
        table.setId("workflows");
        Label placeholder = new Label();
        placeholder.textProperty().bind(model.placeholder());
        table.setPlaceholder(placeholder);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().setAll(List.of(
                column("Name", 170, WorkflowSummary::name),
                column("Bundle ID", 190, WorkflowSummary::bundleId),
                column("Distribution", 120, workflow -> title(workflow.distribution())),
                readiness(),
                column("Problems", 300, workflow -> workflow.problems() == null ? "" : String.join(" ", workflow.problems()))));
        table.getSelectionModel().selectedItemProperty().addListener((seen, old, now) -> {
            if (now != null) {
                model.select(now);
            }
        });
        model.selectedProperty().addListener((seen, old, now) -> table.getSelectionModel().select(now));
        return table;
    }

    private static TableColumn<WorkflowSummary, String> column(String title, double width,
                                                               Function<WorkflowSummary, String> value) {
        TableColumn<WorkflowSummary, String> column = new TableColumn<>(title);
        column.setCellValueFactory(row -> new ReadOnlyStringWrapper(value.apply(row.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    /** "Ready" or "Not ready", the latter in red, with the problems as a tooltip. */
    private static TableColumn<WorkflowSummary, String> readiness() {
        TableColumn<WorkflowSummary, String> column = column("Ready", 90, workflow -> workflow.ready() ? "Ready" : "Not ready");
        column.setCellFactory(cells -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                pseudoClassStateChanged(NOT_READY, !empty && "Not ready".equals(text));
            }
        });
        return column;
    }

    private static String title(Distribution distribution) {
        return distribution == null ? "" : distribution.title();
    }

    private HBox statusLine() {
        ProgressIndicator busy = new ProgressIndicator();
        busy.visibleProperty().bind(model.busy());
        busy.managedProperty().bind(model.busy());
        Label status = new Label();
        status.setId("workflows-status");
        status.textProperty().bind(model.status());
        model.statusIsProblem().addListener((seen, old, problem) -> {
            status.getStyleClass().remove("problem");
            if (problem) {
                status.getStyleClass().add("problem");
            }
        });
        HBox line = new HBox(busy, status);
        line.setAlignment(Pos.CENTER_LEFT);
        line.getStyleClass().add("status-line");
        return line;
    }

    private void copy(String command) {
        model.copy(command, text -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(text);
            Clipboard.getSystemClipboard().setContent(content);
        });
    }
}
