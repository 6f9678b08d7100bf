package io.signingmanager.manager.ui.workflows;

import io.signingmanager.common.text.Printable;
import io.signingmanager.manager.ui.Icon;
import io.signingmanager.manager.workflows.FetchedFiles;
import io.signingmanager.manager.workflows.FetchedFiles.IdentityCommands;
import io.signingmanager.manager.workflows.FetchedFiles.WrittenProfile;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The lower half of the Workflows window: what the last Fetch Signing Files wrote and the commands
 * that sign with the workflow's identities, each with a Copy button; or why nothing was written,
 * with the workflow's checklist.
 */
final class FetchResultPane {
    private final VBox content = new VBox(6);
    private final ScrollPane scroll = new ScrollPane(content);
    private final WorkflowsViewModel model;
    private final Consumer<String> copy;

    FetchResultPane(WorkflowsViewModel model, Consumer<String> copy) {
        this.model = model;
        this.copy = copy;
        content.setId("fetch-result");
        content.getStyleClass().add("fetch-result");
        scroll.setFitToWidth(true);
        model.fetched().addListener((seen, old, now) -> redraw());
        model.refusal().addListener((seen, old, now) -> redraw());
        model.checklist().addListener((ListChangeListener<String>) change -> redraw());
        redraw();
    }

    Node node() {
        return scroll;
    }

    private void redraw() {
        content.getChildren().clear();
        FetchedFiles fetched = model.fetched().get();
        if (fetched != null) {
            showFetched(fetched);
        } else if (!model.refusal().get().isEmpty()) {
            showRefusal();
        } else {
            content.getChildren().add(hint("Select a workflow and choose Fetch Signing Files… to write its provisioning"
                    + " profiles into a folder; the commands that sign with its identities then show here."));
        }
    }

    private void showFetched(FetchedFiles fetched) {
        content.getChildren().add(heading("Fetched “" + Printable.of(fetched.workflow()) + "” into " + fetched.folder()));
        for (WrittenProfile profile : fetched.profiles()) {
            Label written = new Label(profile.file().getFileName() + "  " + Printable.of(profile.name()) + " ("
                    + Printable.of(profile.bundleId()) + (profile.expiresAt() == null ? ""
                    : ", expires " + profile.expiresAt().toString().substring(0, 10)) + ")");
            written.getStyleClass().add("written-profile");
            written.setWrapText(true);
            content.getChildren().add(written);
        }
        int index = 0;
        for (IdentityCommands identity : fetched.identities()) {
            Label role = new Label(identity.role().title() + ": " + Printable.of(identity.commonName()));
            role.getStyleClass().add("details-section");
            Label sha1 = new Label("SHA-1 " + identity.sha1());
            sha1.getStyleClass().addAll("fingerprint", "hint");
            content.getChildren().addAll(role, sha1);
            for (String command : identity.commands()) {
                content.getChildren().add(commandRow(command, index++));
            }
        }
        content.getChildren().add(hint(FetchedFiles.INSIDE_OUT + " " + FetchedFiles.KEYS));
    }

    /** The command, selectable, and its Copy button ({@code copy-command-0}, {@code -1}, ... in order). */
    private HBox commandRow(String command, int index) {
        TextField text = new TextField(command);
        text.setEditable(false);
        text.getStyleClass().addAll("fingerprint", "command");
        HBox.setHgrow(text, Priority.ALWAYS);
        Button button = new Button("Copy", Icon.COPY.node());
        button.setId("copy-command-" + index);
        button.setOnAction(event -> copy.accept(command));
        HBox row = new HBox(6, text, button);
        row.setFillHeight(false);
        return row;
    }

    private void showRefusal() {
        Label refusal = heading(model.refusal().get());
        refusal.getStyleClass().add("error");
        refusal.setId("fetch-refusal");
        content.getChildren().add(refusal);
        for (String problem : model.checklist()) {
            Label item = new Label("• " + problem);
            item.setWrapText(true);
            item.getStyleClass().add("checklist-item");
            content.getChildren().add(item);
        }
    }

    private static Label heading(String text) {
        Label heading = new Label(text);
        heading.getStyleClass().add("details-section");
        heading.setWrapText(true);
        return heading;
    }

    private static Label hint(String text) {
        Label hint = new Label(text);
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        return hint;
    }
}
