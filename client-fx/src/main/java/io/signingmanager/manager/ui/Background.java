package io.signingmanager.manager.ui;

import io.signingmanager.manager.connection.Problem;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * Runs the Manager's calls (network, secret store, files) on worker threads so the window never
 * waits for them, and hands each outcome back on the FX thread. {@link #busy()} drives the progress
 * indicators.
 */
public final class Background {
    private static final Logger LOG = Logger.getLogger(Background.class.getName());

    /** Work that may fail with a {@link Problem}, usually one of the Manager's calls. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws Problem;
    }

    private final Executor workers;
    private final Executor handoff;
    private final IntegerProperty running = new SimpleIntegerProperty();
    private final BooleanBinding busy = Bindings.greaterThan(running, 0);

    /** Calls run side by side, each on a thread of its own. */
    public Background() {
        this(Executors.newCachedThreadPool(Background::daemon), Platform::runLater);
    }

    private Background(Executor workers, Executor handoff) {
        this.workers = workers;
        this.handoff = handoff;
    }

    /** Calls run side by side, at most {@code threads} at a time, the others waiting in the order they were started. */
    public static Background upTo(int threads) {
        return new Background(Executors.newFixedThreadPool(threads, Background::daemon), Platform::runLater);
    }

    /**
     * Each call runs at once on the caller's thread, and its outcome follows on the same thread: for
     * the view models' tests, which need no FX toolkit.
     */
    public static Background inline() {
        return new Background(Runnable::run, Runnable::run);
    }

    /** Where a call's outcome, and a worker's progress report, runs: the FX thread but in {@link #inline()}. */
    public Executor handoff() {
        return handoff;
    }

    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work, "signing-manager-background");
        thread.setDaemon(true);
        return thread;
    }

    /** True while any call runs. */
    public BooleanBinding busy() {
        return busy;
    }

    /** Starts the call; exactly one of the two consumers later runs on the FX thread. Call on the FX thread. */
    public <T> void run(Call<T> call, Consumer<T> onResult, Consumer<Problem> onProblem) {
        running.set(running.get() + 1);
        workers.execute(() -> {
            Runnable outcome = outcome(call, onResult, onProblem);
            handoff.execute(() -> {
                running.set(running.get() - 1);
                outcome.run();
            });
        });
    }

    private static <T> Runnable outcome(Call<T> call, Consumer<T> onResult, Consumer<Problem> onProblem) {
        try {
            T result = call.call();
            return () -> onResult.accept(result);
        } catch (Problem problem) {
            return () -> onProblem.accept(problem);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Unexpected failure", e);
            Problem problem = new Problem(Problem.Kind.LOCAL, "Something unexpected went wrong: " + e.getMessage(),
                    "See the Signing Manager log for details.", e);
            return () -> onProblem.accept(problem);
        }
    }
}
