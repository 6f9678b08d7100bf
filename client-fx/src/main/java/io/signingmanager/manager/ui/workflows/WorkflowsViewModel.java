package io.signingmanager.manager.ui.workflows;

import io.signingmanager.common.protocol.WorkflowSummary;
import io.signingmanager.common.text.Plural;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.workflows.FetchedFiles;
import io.signingmanager.manager.workflows.ProfileFolder;
import io.signingmanager.manager.workflows.SigningFilesWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Workflows window without controls: the Apple signing workflows this machine may fetch, the
 * selected one, and Fetch Signing Files, whose outcome is either what was written with the commands
 * ({@link #fetched()}) or why not, with the workflow's checklist ({@link #refusal()},
 * {@link #checklist()}). Plain tests drive it with {@link Background#inline()}.
 */
public final class WorkflowsViewModel {
    private final Manager manager;
    private final Background background;
    private final ObservableList<WorkflowSummary> workflows = FXCollections.observableArrayList();
    private final ObservableList<WorkflowSummary> workflowsView = FXCollections.unmodifiableObservableList(workflows);
    private final ReadOnlyObjectWrapper<WorkflowSummary> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<FetchedFiles> fetched = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper refusal = new ReadOnlyStringWrapper("");
    private final ObservableList<String> checklist = FXCollections.observableArrayList();
    private final ObservableList<String> checklistView = FXCollections.unmodifiableObservableList(checklist);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsProblem = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("");
    /** Counts refreshes, so that a slow one finishing late cannot overwrite a newer answer. */
    private long refreshes;

    public WorkflowsViewModel(Manager manager, Background background) {
        this.manager = manager;
        this.background = background;
    }

    /** Asks the service for the workflows again, keeping the selected one when it is still there. */
    public void refresh() {
        long refresh = ++refreshes;
        status("Asking the Signing Service for the workflows…", false);
        placeholder.set("Asking the Signing Service for the workflows…");
        background.run(manager::workflows, listed -> {
            if (refresh == refreshes) {
                listed(listed);
            }
        }, problem -> {
            if (refresh == refreshes) {
                workflows.clear();
                selected.set(null);
                placeholder.set(problem.getMessage() + "\n" + problem.advice());
                status(problem.describe(), true);
            }
        });
    }

    private void listed(List<WorkflowSummary> listed) {
        String kept = selected().map(WorkflowSummary::name).orElse(null);
        workflows.setAll(listed);
        selected.set(listed.stream().filter(workflow -> workflow.name().equals(kept)).findFirst()
                .orElse(listed.isEmpty() ? null : listed.get(0)));
        placeholder.set("No workflows for this machine.\nAn admin creates them in the Signing Service (Apple, Workflows)"
                + " and allows this machine's API key.");
        long ready = listed.stream().filter(WorkflowSummary::ready).count();
        status(Plural.of(listed.size(), "workflow") + ", " + ready + " ready", false);
    }

    /** Writes the selected workflow's profiles into {@code folder}; the outcome replaces the last one. */
    public void fetch(Path folder) {
        Optional<WorkflowSummary> workflow = selected();
        if (workflow.isEmpty()) {
            return;
        }
        String name = workflow.get().name();
        status("Fetching the signing files of “" + name + "”…", false);
        background.run(() -> SigningFilesWriter.write(manager.signingFiles(name), folder), files -> {
            fetched.set(files);
            refusal.set("");
            checklist.clear();
            status("Wrote " + Plural.of(files.profiles().size(), "provisioning profile") + " to " + files.folder(), false);
        }, this::refused);
    }

    private void refused(Problem problem) {
        fetched.set(null);
        refusal.set(problem.getMessage());
        checklist.setAll(problem.details());
        status(problem.advice(), true);
    }

    /** Where the folder chooser opens: where the command line would write without --out. */
    public Path suggestedFolder() {
        return ProfileFolder.current();
    }

    /** Puts a command through {@code clipboard} and says so in the status line. */
    public void copy(String command, Consumer<String> clipboard) {
        clipboard.accept(command);
        status("Copied: " + command, false);
    }

    public void select(WorkflowSummary workflow) {
        selected.set(workflow);
    }

    /** By name, as the service lists them for this machine's API key. */
    public ObservableList<WorkflowSummary> workflows() {
        return workflowsView;
    }

    public Optional<WorkflowSummary> selected() {
        return Optional.ofNullable(selected.get());
    }

    public ReadOnlyObjectProperty<WorkflowSummary> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public BooleanBinding nothingSelected() {
        return selected.isNull();
    }

    /** The last fetch's files and commands, or {@code null} when none succeeded or the last one failed. */
    public ReadOnlyObjectProperty<FetchedFiles> fetched() {
        return fetched.getReadOnlyProperty();
    }

    /** Why the last fetch wrote nothing, or empty. */
    public ReadOnlyStringProperty refusal() {
        return refusal.getReadOnlyProperty();
    }

    /** What a workflow that is not ready lacks, as the service listed it when it refused. */
    public ObservableList<String> checklist() {
        return checklistView;
    }

    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsProblem() {
        return statusIsProblem.getReadOnlyProperty();
    }

    /** What an empty list says. */
    public ReadOnlyStringProperty placeholder() {
        return placeholder.getReadOnlyProperty();
    }

    /** True while a call to the service runs. */
    public BooleanBinding busy() {
        return background.busy();
    }

    private void status(String text, boolean problem) {
        status.set(text);
        statusIsProblem.set(problem);
    }
}
