package io.signingmanager.manager.cli;

import io.signingmanager.common.protocol.WorkflowSummary;
import io.signingmanager.common.text.Printable;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code signing-manager workflows}: the Apple signing workflows this machine may fetch, with their readiness. */
@Command(name = "workflows", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
        customSynopsis = "Usage: signing-manager workflows [--json]",
        description = {"", "Lists the Apple signing workflows this machine's API key may fetch: name, bundle ID,",
            "distribution and whether it is ready; for one that is not, what it lacks."})
final class WorkflowsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "print the list as JSON, for scripts.")
    boolean json;

    @Option(names = "-d", description = "debug logging.")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;

    WorkflowsCommand(Manager manager, PrintStream out, PrintStream err) {
        this.manager = manager;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            List<WorkflowSummary> workflows = manager.workflows();
            if (json) {
                out.println(CommandLine.json(workflows));
                return CommandLine.OK;
            }
            if (workflows.isEmpty()) {
                out.println("No workflows: an admin creates them, and allows this machine's API key, in the Signing Service.");
            }
            for (WorkflowSummary workflow : workflows) {
                out.println(Printable.of(workflow.name()) + "  " + Printable.of(workflow.bundleId()) + "  "
                        + (workflow.distribution() == null ? "?" : workflow.distribution().title()) + "  "
                        + (workflow.ready() ? "ready" : "not ready"));
                if (workflow.problems() != null) {
                    workflow.problems().forEach(problem -> out.println("  - " + Printable.of(problem)));
                }
            }
            return CommandLine.OK;
        } catch (Problem problem) {
            return CommandLine.report(problem, err);
        }
    }
}
