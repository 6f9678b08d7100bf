package io.signingmanager.manager.cli;

import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.receipts.LogMonitor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code signing-manager log-monitor}: the service's signing log, held to what it showed before. */
@Command(name = "log-monitor", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
        customSynopsis = "Usage: signing-manager log-monitor [--state DIR] [--log-key KEY] [--json]",
        description = {"", "Fetches the signing log's latest checkpoint, checks it is signed by the log's key and that",
            "it extends the last one seen here (a consistency proof from the service), and keeps it. A",
            "smaller log (a rollback, a truncation) or one that does not extend the last (a fork, changed",
            "records) fails loudly, and the checkpoint seen before is kept. Run it from cron or CI."},
        footerHeading = "%n", footer = {"Exit code 0 when the log is consistent, 1 when it is not."})
final class LogMonitorCommand implements Callable<Integer> {
    @Option(names = "--state", paramLabel = "DIR", description = {"where the last checkpoint seen is kept",
        "(default: log-monitor in the Signing Manager's state folder)."})
    Path state;

    @Option(names = "--log-key", paramLabel = "KEY", description = {"the signing log's key (default: the one",
        "pinned on this machine, or the service's, pinned now)."})
    String logKey;

    @Option(names = "--json", description = "print the result as JSON, for scripts.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;

    LogMonitorCommand(Manager manager, PrintStream out, PrintStream err) {
        this.manager = manager;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            NoteVerifierKey key = logKey == null ? manager.logKey() : VerifyReceiptCommand.given(logKey);
            LogMonitor.Outcome outcome = new LogMonitor(state == null ? manager.receipts().folder().resolve("log-monitor") : state, key)
                    .check(new ServiceLog(manager));
            if (json) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("verdict", outcome.verdict().name().toLowerCase(Locale.ROOT));
                result.put("holds", outcome.verdict().holds());
                result.put("before", size(outcome.before()));
                result.put("latest", size(outcome.latest()));
                result.put("message", outcome.message());
                out.println(CommandLine.json(result));
            } else {
                (outcome.verdict().holds() ? out : err).println((outcome.verdict().holds() ? "" : "signing-manager: "
                        + "THE SIGNING LOG IS NOT CONSISTENT: ") + outcome.message());
            }
            return outcome.verdict().holds() ? CommandLine.OK : CommandLine.CHECK_FAILED;
        } catch (Problem problem) {
            return CommandLine.report(problem, err);
        } catch (Exception e) {
            return CommandLine.report(new Problem(Problem.Kind.LOCAL, "The log monitor failed: " + e.getMessage(),
                    "Check the state folder.", e), err);
        }
    }

    private static Long size(Checkpoint checkpoint) {
        return checkpoint == null ? null : checkpoint.size();
    }
}
