package io.signingmanager.manager.ui.signfiles;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.filesign.FileSignResult;
import io.signingmanager.manager.receipts.ReceiptSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.ProgressIndicator;

/** One file (or bundle) of Sign Files, a row of its table: waiting, hashing, signing, then signed or failed; or kept, not signed. */
public final class SigningJob {
    /** Where a job is. */
    public enum State {
        WAITING, RUNNING, SIGNED, FAILED,
        /** Not signed: the user kept the file its signed copy would have replaced. */
        KEPT
    }

    private final Path file;
    private final ReadOnlyStringWrapper format = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper result = new ReadOnlyStringWrapper("Waiting");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.WAITING);
    private final ReadOnlyObjectWrapper<ReceiptSummary> receipt = new ReadOnlyObjectWrapper<>();
    /** The last whole percent shown, so that hashing a large file does not flood the FX thread. */
    private final AtomicInteger shownPercent = new AtomicInteger(-1);
    private final Executor handoff;

    /** {@code handoff} runs the signing thread's progress reports on the FX thread. */
    SigningJob(Path file, Executor handoff) {
        this.file = file;
        this.handoff = handoff;
    }

    public Path file() {
        return file;
    }

    /** Known once signed, like "Java archive". */
    public ReadOnlyStringProperty format() {
        return format.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progress() {
        return progress.getReadOnlyProperty();
    }

    /** What happens or happened to the file, in words. */
    public ReadOnlyStringProperty result() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> state() {
        return state.getReadOnlyProperty();
    }

    /** The signed file's receipts in the signing log, once signed; {@code null} before. */
    public ReadOnlyObjectProperty<ReceiptSummary> receipt() {
        return receipt.getReadOnlyProperty();
    }

    /** From the signing thread: how much of the file is hashed. Past hashing, the service signs (indeterminate). */
    void hashed(long bytes, long total) {
        int percent = total == 0 ? 100 : (int) (bytes * 100 / total);
        if (shownPercent.getAndSet(percent) != percent) {
            handoff.execute(() -> {
                if (percent >= 100) {
                    progress.set(ProgressIndicator.INDETERMINATE_PROGRESS);
                    result.set("Signing…");
                } else {
                    progress.set(percent / 100.0);
                    result.set("Hashing… " + percent + " %");
                }
            });
        }
    }

    /** A bundle's pieces are hashed and signed one by one, with no progress to tell: it shows as signing throughout. */
    void started() {
        state.set(State.RUNNING);
        if (Files.isDirectory(file)) {
            progress.set(ProgressIndicator.INDETERMINATE_PROGRESS);
            result.set("Signing the bundle…");
        } else {
            result.set("Hashing…");
        }
    }

    void signed(FileSignResult signed, ReceiptSummary receipts) {
        format.set(signed.format().description());
        receipt.set(receipts);
        progress.set(1);
        Path output = signed.output();
        boolean besideInput = output.getParent() != null && output.getParent().equals(file.toAbsolutePath().getParent());
        result.set("Signed by " + Certificates.commonName(signed.signer()) + " → " + (besideInput ? output.getFileName() : output));
        state.set(State.SIGNED);
    }

    void kept(Path existing) {
        result.set("Not signed: kept the existing " + existing.getFileName());
        state.set(State.KEPT);
    }

    void failed(Problem problem) {
        progress.set(0);
        result.set(problem.describe());
        state.set(State.FAILED);
    }
}
