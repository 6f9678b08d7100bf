package io.signingmanager.manager.agent;

import io.signingmanager.common.text.Plural;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.ProblemCode;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent: serves docs/agent-protocol.md on its unix socket to processes of this user, each
 * connection on a thread of its own, until closed; closing removes the socket file. How many
 * connections it keeps and for how long is {@link Connections}'s business.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Agent.class.getName());
    static final int CONNECTIONS = 32;
    static final Duration IDLE = Duration.ofSeconds(30);

    /** How many connections the agent serves at once, and how long one may take to send a request line. */
    record Limits(int connections, Duration idle) {
        static final Limits DEFAULT = new Limits(CONNECTIONS, IDLE);
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final AgentProtocol protocol;
    private final SameUser sameUser;
    private final Limits limits;
    private final Connections connections;
    private final ExecutorService threads;
    private final Thread acceptor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Agent(Path socket, ServerSocketChannel server, Manager manager, SameUser sameUser, Limits limits) {
        this.socket = socket;
        this.server = server;
        this.protocol = new AgentProtocol(manager, new IdentityCache(manager, Clock.systemUTC()));
        this.sameUser = sameUser;
        this.limits = limits;
        this.connections = new Connections(limits);
        // Not bounded here: Connections admits at most limits.connections(), plus those just closed to make room.
        this.threads = Executors.newCachedThreadPool(runnable -> daemon(runnable, "agent-connection"));
        this.acceptor = daemon(this::accept, "agent-acceptor");
    }

    public static Agent start(AgentSocket.Location location, Manager manager) throws IOException {
        return start(location, manager, Limits.DEFAULT);
    }

    static Agent start(AgentSocket.Location location, Manager manager, Limits limits) throws IOException {
        SameUser sameUser = SameUser.ofThisProcess();
        Agent agent = new Agent(location.socket(), AgentSocket.bind(location), manager, sameUser, limits);
        agent.acceptor.start();
        LOG.info(() -> "Agent listening on " + location.socket());
        return agent;
    }

    public Path socket() {
        return socket;
    }

    /** Waits until the agent is closed. */
    public void awaitClose() throws InterruptedException {
        acceptor.join();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    private void accept() {
        while (server.isOpen()) {
            try {
                SocketChannel peer = server.accept();
                Optional<Connections.Connection> admitted = connections.admit(peer);
                if (admitted.isEmpty()) {
                    refuse(peer, new AgentError(ProblemCode.BUSY, "The agent is answering "
                            + Plural.of(limits.connections(), "request", "requests")
                            + " at once, as many as it takes; try again in a moment."));
                    continue;
                }
                try {
                    threads.execute(() -> serve(admitted.get()));
                } catch (RejectedExecutionException closing) {
                    admitted.get().close();
                }
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "The agent cannot accept a connection", e);
            }
        }
    }

    /** How many connections are answering a request now. */
    int answering() {
        return connections.answering();
    }

    private void serve(Connections.Connection connection) {
        SocketChannel peer = connection.channel();
        try (connection) {
            Optional<String> stranger = sameUser.stranger(peer);
            if (stranger.isPresent()) {
                LOG.warning(() -> "Refused a connection from user " + stranger.get());
                refuse(peer, new AgentError(ProblemCode.FORBIDDEN, "This agent serves only the user who started it."));
                return;
            }
            RequestLines lines = new RequestLines(Channels.newInputStream(peer));
            while (true) {
                String answer;
                try {
                    String line = lines.next();
                    if (line == null || !connection.answering()) {
                        return;
                    }
                    answer = protocol.answer(line);
                } catch (RequestLines.TooLong e) {
                    if (!connection.answering()) {
                        return;
                    }
                    answer = AgentError.badRequest(e.getMessage()).answer();
                }
                connection.writing();
                write(peer, answer);
                connection.awaitRequest();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "An agent connection ended", e);
        }
    }

    private static void refuse(SocketChannel peer, AgentError reason) throws IOException {
        try (peer) {
            write(peer, reason.answer());
        }
    }

    private static void write(SocketChannel peer, String answer) throws IOException {
        Channels.newOutputStream(peer).write(answer.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Stops listening, ends the connections and removes the socket file. Once only: by a second
     * close the socket file may be another agent's.
     */
    @Override
    public void close() throws IOException {
        if (closed.getAndSet(true)) {
            return;
        }
        server.close();
        connections.close();
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socket);
        LOG.info(() -> "Agent stopped; removed " + socket);
    }
}
