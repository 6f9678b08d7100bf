package io.signingmanager.manager.ui;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.filesign.FileSignResult;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.ProgressIndicator;

/** One file of Sign Files, a row of its table: waiting, hashing, signing, then signed or failed; or kept, not signed. */
final class SigningJob {
    /** Where a job is. */
    enum State {
        WAITING, RUNNING, SIGNED, FAILED,
        /** Not signed: the user kept the file its signed copy would have replaced. */
        KEPT
    }

    private final Path file;
    private final StringProperty format = new SimpleStringProperty("");
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty result = new SimpleStringProperty("Waiting");
    private final ObjectProperty<State> state = new SimpleObjectProperty<>(State.WAITING);
    /** The last whole percent shown, so that hashing a large file does not flood the FX thread. */
    private final AtomicInteger shownPercent = new AtomicInteger(-1);

    SigningJob(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    StringProperty format() {
        return format;
    }

    DoubleProperty progress() {
        return progress;
    }

    StringProperty result() {
        return result;
    }

    ObjectProperty<State> state() {
        return state;
    }

    /** From the signing thread: how much of the file is hashed. Past hashing, the service signs (indeterminate). */
    void hashed(long bytes, long total) {
        int percent = total == 0 ? 100 : (int) (bytes * 100 / total);
        if (shownPercent.getAndSet(percent) != percent) {
            Platform.runLater(() -> {
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

    void started() {
        state.set(State.RUNNING);
        result.set("Hashing…");
    }

    void signed(FileSignResult signed) {
        format.set(signed.format().description());
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
