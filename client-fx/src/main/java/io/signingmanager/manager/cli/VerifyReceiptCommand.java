package io.signingmanager.manager.cli;

import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.receipts.LogMonitor;
import io.signingmanager.manager.receipts.ReceiptCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code signing-manager verify-receipt}: a receipt of the signing log, checked offline. */
@Command(name = "verify-receipt", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
        customSynopsis = "Usage: signing-manager verify-receipt [--file FILE] [--log-key KEY] [--online] [--json] RECEIPT",
        description = {"", "Checks a receipt of the Signing Service's signing log (FILE.receipt.json, as sign --receipt",
            "writes it) offline: its checkpoint is signed by the log's key, and its inclusion proof leads",
            "from its leaf, the audit record of the signature, to that checkpoint. With --file, also that",
            "a leaf names the file: the file signed as it was before (its SHA-256), or the signed file",
            "itself (the signature in it; Authenticode formats). With --online, also that the service's",
            "log still extends each receipt's checkpoint: a log rolled back or rewritten since fails."},
        footerHeading = "%n", footer = {"Exit code 0 when the receipt holds, 1 when it does not."})
final class VerifyReceiptCommand implements Callable<Integer> {
    @Option(names = "--file", paramLabel = "FILE", description = "the file the receipt should name.")
    Path file;

    @Option(names = "--log-key", paramLabel = "KEY", description = {"the signing log's key, as the API Reference page",
        "shows it (default: the key pinned when this machine first signed)."})
    String logKey;

    @Option(names = "--online", description = {"ask the service for its latest checkpoint and a consistency",
        "proof from each receipt's checkpoint to it."})
    boolean online;

    @Option(names = "--json", description = "print the result as JSON, for scripts.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    @Parameters(paramLabel = "RECEIPT", arity = "1")
    Path receipt;

    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;

    VerifyReceiptCommand(Manager manager, PrintStream out, PrintStream err) {
        this.manager = manager;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        try {
            NoteVerifierKey key = key();
            List<Receipt> receipts;
            try {
                receipts = ReceiptCheck.read(receipt);
            } catch (IOException e) {
                throw new Problem(Problem.Kind.LOCAL, "Cannot read the receipt " + receipt + ": " + e.getMessage(),
                        "Give the FILE.receipt.json that sign --receipt wrote.", e);
            }
            ReceiptCheck.Outcome outcome;
            try {
                outcome = ReceiptCheck.check(receipts, key, file);
            } catch (IOException e) {
                throw new Problem(Problem.Kind.LOCAL, "Cannot read " + file + ": " + e.getMessage(), "Check the file.", e);
            }
            if (online && outcome.holds()) {
                outcome = stillInTheLog(receipts, key, outcome);
            }
            if (json) {
                out.println(CommandLine.json(Map.of("holds", outcome.holds(), "logKey", key.toString(),
                        "findings", outcome.lines())));
            } else {
                outcome.lines().forEach(out::println);
                out.println(outcome.holds() ? "The receipt holds." : "The receipt does NOT hold.");
            }
            return outcome.holds() ? CommandLine.OK : CommandLine.CHECK_FAILED;
        } catch (Problem problem) {
            return CommandLine.report(problem, err);
        }
    }

    /** The offline outcome, with whether the service's log still extends each receipt's checkpoint. */
    private ReceiptCheck.Outcome stillInTheLog(List<Receipt> receipts, NoteVerifierKey key, ReceiptCheck.Outcome offline)
            throws Problem {
        List<String> lines = new ArrayList<>(offline.lines());
        boolean holds = true;
        for (Receipt receipt : receipts) {
            Checkpoint then = receipt.signedCheckpoint(key).orElseThrow();
            LogMonitor.Outcome now;
            try {
                now = LogMonitor.against(key, then, new ServiceLog(manager));
            } catch (Problem problem) {
                throw problem;
            } catch (Exception e) {
                throw new Problem(Problem.Kind.LOCAL, "Cannot ask the service's log: " + e.getMessage(),
                        "See the Signing Manager log for details.", e);
            }
            holds &= now.verdict().holds();
            lines.add("leaf " + receipt.index() + ": the service's log now: " + now.message());
        }
        return new ReceiptCheck.Outcome(holds, lines);
    }

    /** The key given as {@code --log-key}. */
    static NoteVerifierKey given(String text) throws Problem {
        return NoteVerifierKey.parse(text.strip()).orElseThrow(() -> new Problem(Problem.Kind.LOCAL,
                "--log-key is not a note verifier key (name+key ID+base64).",
                "Copy the key from the Signing Service's API Reference page.", null));
    }

    private NoteVerifierKey key() throws Problem {
        if (logKey != null) {
            return given(logKey);
        }
        return manager.receipts().pinnedKey().orElseThrow(() -> new Problem(Problem.Kind.LOCAL,
                "No signing log key is pinned on this machine yet.",
                "Give --log-key, as the Signing Service's API Reference page (or GET /api/v1/log/key) shows it.", null));
    }
}
