package io.signingmanager.service.clientapi;

import io.signingmanager.service.failure.Refusal;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Signs the jobs of one call on the machine's cores: the request thread signs too, and as many threads
 * of a shared pool as the cores left (on a 2-core machine, one) take jobs from the same list, one job at
 * a time, so a helper that starts late, because the pool is busy with another call, only takes what is
 * left. The outcomes come back in the jobs' order. A call of few jobs stays on the request thread: handing
 * a job over costs a wake-up of another thread, more than signing a handful of P-256 digests.
 *
 * <p>The keys are safe to use from several threads at once (see SigningKey): a pooled JDK {@code Signature}
 * serves one thread at a time and the pool makes another when all are busy, BouncyCastle's ECDSA and PSS
 * signers are made per signature over immutable key parameters, and the key cache is a concurrent map
 * (two threads meeting a key not yet unsealed both unseal it, and one copy stays).
 */
final class ParallelSigner {
    // The fewest jobs a thread must have to be worth waking: below twice this the call stays on one thread.
    static final int MIN_JOBS_PER_THREAD = 4;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final AtomicInteger NEXT_THREAD = new AtomicInteger();
    // Made once for the process; its threads start at the first batch that uses them, and never keep the JVM
    // up. Named like the request threads' pool ("signing-service-N"): the benchmark counts both as the service's.
    private static final ExecutorService HELPERS = Executors.newFixedThreadPool(Math.max(1, THREADS - 1), task -> {
        Thread thread = new Thread(task, "signing-service-batch-" + NEXT_THREAD.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** Signs one job; a refusal is that job's outcome, a runtime failure fails the whole call. */
    @FunctionalInterface
    interface Signer<T> {
        byte[] sign(T job) throws Refusal;
    }

    /** One job's outcome: its signature, or why it was refused. */
    record Outcome(byte[] signature, Refusal refusal) {
        static Outcome refused(Refusal refusal) {
            return new Outcome(null, refusal);
        }
    }

    private ParallelSigner() {
    }

    /**
     * Signs every job, answering their outcomes in order once all are done. A runtime failure or an error
     * of one job (the database gone while a key is read) stops the others and is thrown here, so the call
     * fails whole and none of its signatures leaves.
     */
    static <T> List<Outcome> signAll(List<T> jobs, Signer<T> signer) {
        Run<T> run = new Run<>(jobs, signer);
        int helpers = Math.min(THREADS - 1, jobs.size() / MIN_JOBS_PER_THREAD - 1);
        for (int i = 0; i < helpers; i++) {
            HELPERS.execute(run::work);
        }
        run.work();
        return run.outcomes();
    }

    /** One call's jobs and their outcomes, shared by the threads that sign them. */
    private static final class Run<T> {
        private final List<T> jobs;
        private final Signer<T> signer;
        private final Outcome[] outcomes;
        private final AtomicInteger next = new AtomicInteger();
        private final CountDownLatch done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Run(List<T> jobs, Signer<T> signer) {
            this.jobs = jobs;
            this.signer = signer;
            this.outcomes = new Outcome[jobs.size()];
            this.done = new CountDownLatch(jobs.size());
        }

        /** Takes the next job until none is left; once one has failed, takes them without signing. */
        void work() {
            for (int i = next.getAndIncrement(); i < jobs.size(); i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        outcomes[i] = sign(jobs.get(i));
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        }

        private Outcome sign(T job) {
            try {
                return new Outcome(signer.sign(job), null);
            } catch (Refusal refused) {
                return Outcome.refused(refused);
            }
        }

        /** Waits for the jobs other threads took (the count-down makes their outcomes visible here). */
        List<Outcome> outcomes() {
            boolean interrupted = false;
            while (true) {
                try {
                    done.await();
                    break;
                } catch (InterruptedException e) {
                    // The jobs are under way on other threads: wait for them, and keep the interrupt for later.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable failed = failure.get();
            if (failed instanceof RuntimeException e) {
                throw e;
            }
            if (failed instanceof Error e) {
                throw e;
            }
            return List.of(outcomes);
        }
    }
}
