package io.signingmanager.manager.ui.signfiles;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.filesign.FileFormat;
import io.signingmanager.manager.filesign.FileSignRequest;
import io.signingmanager.manager.filesign.FileSigner;
import io.signingmanager.manager.filesign.ManyFiles;
import io.signingmanager.manager.filesign.TimestampUrl;
import io.signingmanager.manager.ui.Background;
import io.signingmanager.manager.receipts.ReceiptSummary;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Sign Files without controls: the files and macOS bundles (folders) given, one {@link SigningJob}
 * each, signed side by side with one identity (the window's queue runs {@link ManyFiles#AT_ONCE} at a
 * time, so their signatures share round trips); the timestamp URL; the summary line; what it
 * signs, in words; and the Sign command, which asks the {@link ReplaceQuestion} before a signed file
 * replaces one that is there. A folder that is not a bundle fails as a file of no known format does.
 */
public final class SignFilesViewModel {
    /** Whether to replace {@code existing} with the signed copy of {@code input}; the window asks with a dialog. */
    @FunctionalInterface
    public interface ReplaceQuestion {
        boolean replace(Path input, Path existing);
    }

    private final Identity identity;
    private final Manager manager;
    /** Where the files are signed, in the order they came: several at a time in the window, inline in tests. */
    private final Background queue;
    private final ObservableList<SigningJob> jobs = FXCollections.observableArrayList();
    private final ObservableList<SigningJob> jobsView = FXCollections.unmodifiableObservableList(jobs);
    private final StringProperty timestampUrl = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper summaryIsError = new ReadOnlyBooleanWrapper();
    private FileSigner signer;

    /** {@code queue} runs the signing: {@link Background#upTo(int)} {@link ManyFiles#AT_ONCE}, or inline in tests. */
    public SignFilesViewModel(Identity identity, Manager manager, Background queue) {
        this.identity = identity;
        this.manager = manager;
        this.queue = queue;
    }

    /** Queues the files for signing, each after asking whether it may replace its output when that is there. */
    public void sign(List<Path> files, ReplaceQuestion question) {
        URI timestamp;
        try {
            timestamp = TimestampUrl.parse(timestampUrl.get());
        } catch (IllegalArgumentException e) {
            summary.set("The timestamp URL is not an http or https URL: " + timestampUrl.get().strip());
            summaryIsError.set(true);
            return;
        }
        for (Path file : files) {
            SigningJob job = new SigningJob(file, queue.handoff());
            job.state().addListener((seen, old, state) -> summarize());
            jobs.add(job);
            summarize();
            FileSignRequest request = new FileSignRequest(file, null, identity.sha1(), timestamp);
            Path output = request.outputFile();
            if (Files.exists(output) && !question.replace(file, output)) {
                job.kept(output);
                continue;
            }
            queue.run(() -> {
                queue.handoff().execute(job::started);
                return signer().sign(request, job::hashed);
            }, result -> job.signed(result, ReceiptSummary.of(result.receipts(), manager.receipts().pinnedKey())),
                    job::failed);
        }
    }

    /**
     * What Sign Files signs and where the signed copies go, for the line under the drop zone: the
     * files' extensions, then the bundles'.
     */
    public static String formats() {
        return "Signs " + extensions(false) + " files and macOS bundles (" + extensions(true) + " folders). Signed"
                + " files go next to the originals, as name-signed.ext (Hello.app gives Hello-signed.app); you are"
                + " asked before one would replace a file.";
    }

    private static String extensions(boolean folders) {
        return Arrays.stream(FileFormat.values()).filter(format -> format.isFolder() == folders)
                .flatMap(format -> format.extensions().stream()).map(extension -> "." + extension)
                .collect(Collectors.joining(" "));
    }

    /** Made at the first file, on a signing thread (the others wait for it): it lists the identities from the service. */
    private synchronized FileSigner signer() throws Problem {
        if (signer == null) {
            signer = FileSigner.through(manager);
        }
        return signer;
    }

    private void summarize() {
        long signed = count(SigningJob.State.SIGNED);
        long failed = count(SigningJob.State.FAILED);
        long kept = count(SigningJob.State.KEPT);
        long left = jobs.size() - signed - failed - kept;
        StringBuilder text = new StringBuilder().append(signed).append(" signed");
        if (failed > 0) {
            text.append(", ").append(failed).append(" failed");
        }
        if (kept > 0) {
            text.append(", ").append(kept).append(" not signed (kept the existing file)");
        }
        if (left > 0) {
            text.append(", ").append(left).append(" to go");
        }
        summary.set(text.toString());
        summaryIsError.set(failed > 0);
    }

    private long count(SigningJob.State state) {
        return jobs.stream().filter(job -> job.state().get() == state).count();
    }

    public Identity identity() {
        return identity;
    }

    /** One per file given, in that order. */
    public ObservableList<SigningJob> jobs() {
        return jobsView;
    }

    /** An RFC 3161 time-stamping authority, or empty for none. */
    public StringProperty timestampUrl() {
        return timestampUrl;
    }

    /** "2 signed, 1 failed, 3 to go", or why nothing was queued. */
    public ReadOnlyStringProperty summary() {
        return summary.getReadOnlyProperty();
    }

    /** Whether the summary tells of a failure. */
    public ReadOnlyBooleanProperty summaryIsError() {
        return summaryIsError.getReadOnlyProperty();
    }

    /** True while a file is being signed. */
    public BooleanBinding busy() {
        return queue.busy();
    }
}
