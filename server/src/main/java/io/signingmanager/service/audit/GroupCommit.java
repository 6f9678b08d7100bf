package io.signingmanager.service.audit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Group commit: callers hand in an item and wait until the batch holding it is written. One caller
 * at a time writes every item waiting (up to a limit) in one go, so a burst of N records costs one
 * commit instead of N, and no caller returns before its own item is written. A failed write fails
 * every caller of that batch; nothing of it counts as written. (A writer that can tell one bad item
 * from a failed batch answers per-item outcomes as results instead: the audit does, see AuditLog.)
 * A caller may hand in several items at once ({@link #submitAll}): they go into the same write, whole,
 * even when they alone are more than the limit, so a batch of signatures is audited in one commit.
 *
 * <p>Under steady load the writer also waits a moment before it takes the batch (like PostgreSQL's
 * {@code commit_delay}): when items arrive less than {@code maxGather} apart, it waits about one
 * arrival gap, and another while items keep coming, at most {@code maxGather} in all, so the items
 * of the requests in flight join this commit instead of paying for their own. The waiting ends at the
 * first gap in which nothing arrives: with N clients each waiting for its answer, that is when all N
 * wait in this batch. It ends at once when the items waiting (not the callers: a sign-batch's caller
 * brings up to 1,000) fill the limit, since more could not join this write. A commit costs far more
 * than the wait on a busy service; a quiet service, whose items arrive further apart, never waits.
 */
final class GroupCommit<T, R> {
    // Weight of the newest gap in the moving average of the gaps between arrivals.
    private static final double GAP_WEIGHT = 0.1;

    private final int maxBatch;
    private final long maxGatherNanos;
    private final Function<List<T>, List<R>> writer;
    private final ArrayDeque<Pending<T, R>> queue = new ArrayDeque<>();
    private boolean writing;
    // The items of the callers in the queue, and the writer while it waits for more (to wake it when they fill the limit).
    private int queuedItems;
    private Thread gatherer;
    private long lastArrival = System.nanoTime();
    private double meanGapNanos = Double.MAX_VALUE;

    /**
     * {@code writer} writes the items all or nothing and answers one result per item, in order;
     * {@code maxGather} is the longest the writer waits for more items ({@link Duration#ZERO}: never).
     */
    GroupCommit(int maxBatch, Duration maxGather, Function<List<T>, List<R>> writer) {
        this.maxBatch = maxBatch;
        this.maxGatherNanos = maxGather.toNanos();
        this.writer = writer;
    }

    /** One caller's items, written together, and their results in the same order. */
    private static final class Pending<T, R> {
        final List<T> items;
        boolean done;
        List<R> results;
        RuntimeException failure;

        Pending(List<T> items) {
            this.items = items;
        }
    }

    R submit(T item) {
        return submitAll(List.of(item)).get(0);
    }

    /** Writes all the items in one write (whatever the limit), returning once it is done; one result per item. */
    List<R> submitAll(List<T> items) {
        if (items.isEmpty()) {
            return List.of();
        }
        Pending<T, R> mine = new Pending<>(List.copyOf(items));
        boolean interrupted = false;
        try {
            synchronized (queue) {
                queue.add(mine);
                queuedItems += mine.items.size();
                if (gatherer != null && queuedItems >= maxBatch) {
                    LockSupport.unpark(gatherer);
                }
                long now = System.nanoTime();
                meanGapNanos = meanGapNanos == Double.MAX_VALUE ? now - lastArrival
                        : (1 - GAP_WEIGHT) * meanGapNanos + GAP_WEIGHT * (now - lastArrival);
                lastArrival = now;
            }
            while (true) {
                List<Pending<T, R>> batch;
                long gather;
                synchronized (queue) {
                    while (writing && !mine.done) {
                        try {
                            queue.wait();
                        } catch (InterruptedException e) {
                            // The caller must not go on before its item is written: wait on, interrupt later.
                            interrupted = true;
                        }
                    }
                    if (mine.done) {
                        return result(mine);
                    }
                    writing = true;
                    gather = meanGapNanos < maxGatherNanos && queuedItems < maxBatch ? (long) meanGapNanos : 0;
                    gatherer = gather > 0 ? Thread.currentThread() : null;
                }
                if (gather > 0) {
                    gatherWhileArriving(gather);
                }
                synchronized (queue) {
                    batch = drain();
                }
                try {
                    write(batch);
                } finally {
                    synchronized (queue) {
                        for (Pending<T, R> pending : batch) {
                            pending.done = true;
                        }
                        writing = false;
                        queue.notifyAll();
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits a gap at a time while the previous gap brought items, until the items waiting fill the batch
     * (a caller bringing them wakes this one) or maxGather is up.
     */
    private void gatherWhileArriving(long gap) {
        long deadline = System.nanoTime() + maxGatherNanos;
        try {
            int seen = queuedItems();
            while (true) {
                LockSupport.parkNanos(Math.min(gap, deadline - System.nanoTime()));
                int now = queuedItems();
                if (now == seen || now >= maxBatch || System.nanoTime() - deadline >= 0) {
                    return;
                }
                seen = now;
            }
        } finally {
            synchronized (queue) {
                gatherer = null;
            }
        }
    }

    private int queuedItems() {
        synchronized (queue) {
            return queuedItems;
        }
    }

    /** The callers waiting first, as many as fit the limit by their items' count; at least one. */
    private List<Pending<T, R>> drain() {
        List<Pending<T, R>> batch = new ArrayList<>();
        int count = 0;
        while (!queue.isEmpty() && (batch.isEmpty() || count + queue.peek().items.size() <= maxBatch)) {
            Pending<T, R> next = queue.poll();
            count += next.items.size();
            queuedItems -= next.items.size();
            batch.add(next);
        }
        return batch;
    }

    /** Fills in each item's result or the batch's failure; the caller then marks them done under the monitor. */
    private void write(List<Pending<T, R>> batch) {
        List<T> items = new ArrayList<>();
        for (Pending<T, R> pending : batch) {
            items.addAll(pending.items);
        }
        try {
            List<R> results = writer.apply(items);
            if (results.size() != items.size()) {
                throw new IllegalStateException("The writer answered " + results.size() + " results for "
                        + items.size() + " items");
            }
            int next = 0;
            for (Pending<T, R> pending : batch) {
                pending.results = results.subList(next, next + pending.items.size());
                next += pending.items.size();
            }
        } catch (RuntimeException e) {
            fail(batch, e);
        } catch (Error e) {
            fail(batch, new IllegalStateException("The batch could not be written", e));
            throw e;
        }
    }

    private static <T, R> void fail(List<Pending<T, R>> batch, RuntimeException failure) {
        for (Pending<T, R> pending : batch) {
            pending.results = null;
            pending.failure = failure;
        }
    }

    private static <T, R> List<R> result(Pending<T, R> pending) {
        if (pending.failure != null) {
            throw pending.failure;
        }
        return pending.results;
    }
}
