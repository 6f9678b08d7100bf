package io.signingmanager.manager.filesign;

import io.signingmanager.manager.connection.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Signs many files at once with one {@link FileSigner}. Each file still asks for its signatures one
 * at a time, but {@link #AT_ONCE} files are signed side by side, so that while one batch of
 * signatures is on the wire the next gathers in the Manager's batcher: 200 scripts cost a few round
 * trips instead of 200. The hashing itself is held to the machine's cores by the signer.
 */
public final class ManyFiles {
    /**
     * Files signed at the same time. Their threads mostly wait for the service, so more than the cores;
     * enough that a batch is worth its round trip, few enough that the threads cost little.
     */
    public static final int AT_ONCE = 64;

    /** A file's outcome: its result, or the problem that kept it from being signed. */
    public record Outcome(FileSignRequest request, FileSignResult result, Problem problem) {
        public boolean signed() {
            return problem == null;
        }
    }

    private ManyFiles() {
    }

    /**
     * Signs every request, a failure failing its file alone, and hands each outcome to {@code inOrder}
     * in the requests' order, each as soon as it and those before it are done.
     */
    public static void sign(FileSigner signer, List<FileSignRequest> requests, Consumer<Outcome> inOrder) {
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, Math.min(AT_ONCE, requests.size())),
                ManyFiles::daemon);
        try {
            List<Future<Outcome>> outcomes = new ArrayList<>();
            for (FileSignRequest request : requests) {
                outcomes.add(workers.submit(() -> {
                    try {
                        return new Outcome(request, signer.sign(request, HashProgress.NONE), null);
                    } catch (Problem problem) {
                        return new Outcome(request, null, problem);
                    }
                }));
            }
            for (Future<Outcome> outcome : outcomes) {
                inOrder.accept(outcome.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signing", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Signing failed unexpectedly", e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    /** Daemon threads: a command that ends early (an unexpected failure) is not kept alive by them. */
    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work, "signing-manager-file");
        thread.setDaemon(true);
        return thread;
    }
}
