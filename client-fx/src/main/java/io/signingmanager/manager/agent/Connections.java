package io.signingmanager.manager.agent;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's open connections, kept so that no client can hold them all by saying nothing. A
 * connection waiting for a request line is closed when no complete line arrives within the idle
 * time (so a line trickled in byte by byte is cut too), and so is one whose client does not take
 * its answer within that time. When every connection is taken, the one waiting longest for a
 * request is closed to make room: only connections that are answering count against a newcomer,
 * which is refused only when all of them are.
 */
final class Connections implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Connections.class.getName());

    private final Agent.Limits limits;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<Connection> open = new HashSet<>(); // guarded by this

    Connections(Agent.Limits limits) {
        this.limits = limits;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "agent-idle-timer");
            thread.setDaemon(true);
            return thread;
        });
        // A deadline is cancelled after every request: without this they would pile up for the idle time.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** A new connection, waiting for its first request; empty when every connection is answering. */
    synchronized Optional<Connection> admit(SocketChannel channel) {
        if (open.size() >= limits.connections()) {
            Optional<Connection> idlest = open.stream().filter(c -> c.waiting)
                    .min(Comparator.comparingLong(c -> c.waitingSince));
            if (idlest.isEmpty()) {
                return Optional.empty();
            }
            LOG.fine("Closed the agent connection waiting longest for a request, to make room for a new one");
            end(idlest.get());
        }
        Connection connection = new Connection(channel);
        open.add(connection);
        connection.awaitRequest();
        return Optional.of(connection);
    }

    private void end(Connection connection) {
        if (connection.closed) {
            return;
        }
        connection.closed = true;
        connection.cancelDeadline();
        open.remove(connection);
        try {
            connection.channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "An agent connection did not close cleanly", e);
        }
    }

    /** Closes every connection. */
    @Override
    public synchronized void close() {
        for (Connection connection : Set.copyOf(open)) {
            end(connection);
        }
        timer.shutdownNow();
    }

    /** One open connection and what it is doing; its methods are called by the thread serving it. */
    final class Connection implements AutoCloseable {
        private final SocketChannel channel;
        private boolean waiting; // for a request line, since waitingSince
        private long waitingSince;
        private boolean closed;
        private ScheduledFuture<?> deadline;
        private long deadlines; // counts them: a deadline that fires late, after a newer one was set, does nothing

        private Connection(SocketChannel channel) {
            this.channel = channel;
        }

        SocketChannel channel() {
            return channel;
        }

        /** Waits for a request line: closed unless one is complete within the idle time. */
        void awaitRequest() {
            synchronized (Connections.this) {
                waiting = true;
                waitingSince = System.nanoTime();
                startDeadline();
            }
        }

        /** A request line came: no deadline while it is answered. False when the connection was closed meanwhile. */
        boolean answering() {
            synchronized (Connections.this) {
                waiting = false;
                cancelDeadline();
                return !closed;
            }
        }

        /** The answer is written: closed unless the client takes it within the idle time. */
        void writing() {
            synchronized (Connections.this) {
                startDeadline();
            }
        }

        private void startDeadline() {
            cancelDeadline();
            if (!closed) {
                long number = ++deadlines;
                deadline = timer.schedule(() -> expire(number), limits.idle().toNanos(), TimeUnit.NANOSECONDS);
            }
        }

        private void cancelDeadline() {
            if (deadline != null) {
                deadline.cancel(false);
                deadline = null;
            }
        }

        private void expire(long number) {
            synchronized (Connections.this) {
                if (number == deadlines && deadline != null && !closed) {
                    LOG.fine(() -> "Closed an agent connection that sent no request, or took no answer, for " + limits.idle());
                    end(this);
                }
            }
        }

        @Override
        public void close() {
            synchronized (Connections.this) {
                end(this);
            }
        }
    }
}
