package io.signingmanager.manager.agent;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
 * <p>
 * A deadline is a time noted on the connection, and one timer thread sweeps the connections a few
 * times per idle time (at most once per second) and closes the expired ones, so a connection may
 * live up to one sweep past its idle time. The sweep costs nothing per request, where a timer task
 * scheduled and cancelled for every request line woke the timer thread twice per signature: two
 * thread wake-ups more on the agent's path, which on two busy cores wait for a core each.
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
        long sweep = sweepPeriod(limits.idle()).toNanos();
        timer.scheduleAtFixedRate(this::closeExpired, sweep, sweep, TimeUnit.NANOSECONDS);
    }

    /** An eighth of the idle time, between 10 ms and 1 s. */
    static Duration sweepPeriod(Duration idle) {
        Duration eighth = idle.dividedBy(8);
        Duration least = Duration.ofMillis(10);
        Duration most = Duration.ofSeconds(1);
        return eighth.compareTo(least) < 0 ? least : eighth.compareTo(most) > 0 ? most : eighth;
    }

    private synchronized void closeExpired() {
        long now = System.nanoTime();
        for (Connection connection : List.copyOf(open)) {
            if (connection.deadline != 0 && now - connection.deadline >= 0) {
                LOG.fine(() -> "Closed an agent connection that sent no request, or took no answer, for " + limits.idle());
                end(connection);
            }
        }
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

    /** How many connections are answering a request now (a newcomer is refused when all are). */
    synchronized int answering() {
        return (int) open.stream().filter(c -> !c.waiting).count();
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
        private long deadline; // System.nanoTime() by which it is closed; 0: none (never 0 by chance: see startDeadline)

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
            long at = System.nanoTime() + limits.idle().toNanos();
            deadline = at == 0 ? 1 : at;
        }

        private void cancelDeadline() {
            deadline = 0;
        }

        @Override
        public void close() {
            synchronized (Connections.this) {
                end(this);
            }
        }
    }
}
