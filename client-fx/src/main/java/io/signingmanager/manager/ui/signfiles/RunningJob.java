package io.signingmanager.manager.ui.signfiles;

import java.util.concurrent.CountDownLatch;
import javafx.concurrent.Task;

/**
 * The file being signed, as a task for ControlsFX's TaskProgressView: its name, what happens to it
 * and how far it is. The signing itself runs in {@link SignFilesViewModel}'s queue, which needs no
 * FX toolkit; this task only follows the job, its thread waiting until the job is done.
 */
final class RunningJob extends Task<Void> {
    private final CountDownLatch done = new CountDownLatch(1);

    /** Made on the FX thread once the job runs. */
    RunningJob(SigningJob job) {
        updateTitle(job.file().getFileName().toString());
        updateMessage(job.result().get());
        job.progress().addListener((seen, old, progress) -> updateProgress(progress.doubleValue(), 1));
        job.result().addListener((seen, old, result) -> updateMessage(result));
        job.state().addListener((seen, old, state) -> {
            if (state != SigningJob.State.WAITING && state != SigningJob.State.RUNNING) {
                done.countDown();
            }
        });
    }

    @Override
    protected Void call() throws InterruptedException {
        done.await();
        return null;
    }
}
