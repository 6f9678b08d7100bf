package io.signingmanager.service.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads a request body without holding a thread while the caller is slow: between chunks the
 * connection waits on Jetty's selector, and {@code then} runs once the body is in, passes its
 * limit, or misses its deadline, whichever comes first. A caller trickling a byte every few seconds
 * (each one resetting the idle timeout) so costs a connection, never a thread, and only until the
 * deadline.
 */
final class BodyReader implements Runnable {
    /** How reading ended. */
    enum End {
        /** Every byte read. */
        COMPLETE,
        /** More bytes than the limit; the rest is still unread. */
        TOO_LARGE,
        /** The deadline passed first; the rest is still unread. */
        LATE,
        /** The connection failed or the framing was invalid. */
        BROKEN,
        /** Not read at all: the route runs without it (used by callers, never by the reader). */
        UNREAD
    }

    /** The end and, for a complete body that was kept, its bytes. */
    record Outcome(End end, byte[] bytes) {
    }

    private final Request request;
    private final long limit;
    private final ByteArrayOutputStream kept;
    private final Consumer<Outcome> then;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Scheduler.Task timer;
    private long size;

    private BodyReader(Request request, long limit, boolean keep, Consumer<Outcome> then) {
        this.request = request;
        this.limit = limit;
        this.kept = keep ? new ByteArrayOutputStream() : null;
        this.then = then;
    }

    /** Reads and keeps the body, at most {@code limit} bytes, by {@code deadline} ({@link System#nanoTime()}). */
    static void collect(Request request, int limit, long deadline, Consumer<Outcome> then) {
        new BodyReader(request, limit, true, then).start(deadline);
    }

    /**
     * Reads and drops what is left of a body, at most {@code limit} bytes, by {@code deadline}: a
     * client that sends its whole body before it reads the answer sees the answer, instead of a
     * connection reset under it.
     */
    static void discard(Request request, long limit, long deadline, Consumer<Outcome> then) {
        new BodyReader(request, limit, false, then).start(deadline);
    }

    private void start(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            end(End.LATE);
            return;
        }
        timer = request.getComponents().getScheduler().schedule(this::late, left, TimeUnit.NANOSECONDS);
        run();
    }

    /** Reads what has arrived; asks to be called again when more does. Never runs twice at once. */
    @Override
    public void run() {
        while (!ended.get()) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                end(End.BROKEN);
                return;
            }
            boolean last = chunk.isLast();
            try {
                ByteBuffer data = chunk.getByteBuffer();
                size += data.remaining();
                if (kept != null && size <= limit) {
                    byte[] bytes = new byte[data.remaining()];
                    data.get(bytes);
                    kept.writeBytes(bytes);
                }
            } finally {
                chunk.release();
            }
            if (size > limit) {
                end(End.TOO_LARGE);
                return;
            }
            if (last) {
                end(End.COMPLETE);
                return;
            }
        }
    }

    /** On the scheduler's single thread, which must not run a route: hand over to the pool. */
    private void late() {
        if (ended.compareAndSet(false, true)) {
            try {
                request.getComponents().getThreadPool().execute(() -> then.accept(new Outcome(End.LATE, null)));
            } catch (RejectedExecutionException e) {
                // The service is stopping; its connections are closed with it.
            }
        }
    }

    private void end(End end) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Scheduler.Task pending = timer;
        if (pending != null) {
            pending.cancel();
        }
        then.accept(new Outcome(end, end == End.COMPLETE && kept != null ? kept.toByteArray() : null));
    }
}
