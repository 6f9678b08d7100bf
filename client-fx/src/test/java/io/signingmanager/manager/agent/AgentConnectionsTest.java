package io.signingmanager.manager.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle connections cannot hold the agent: one that sends no complete request line within the idle
 * time is closed, and when all connections are taken the one idle longest makes room for the next.
 * HELLO needs no service, so the agent's Manager is not registered.
 */
class AgentConnectionsTest {
    private static final Duration SHORT_IDLE = Duration.ofMillis(1000);
    // Far above SHORT_IDLE, far below anything a test run would wait for without the timeout.
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    Path folder;
    private Agent agent;
    private final List<AgentClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AgentClient client : clients) {
            client.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    private Path start(Agent.Limits limits) throws IOException {
        Path socket = folder.resolve("agent.sock");
        agent = Agent.start(new AgentSocket.Location(socket, false), AgentFixture.manager(AgentFixture.home(folder)), limits);
        return socket;
    }

    private AgentClient connect(Path socket) throws IOException {
        AgentClient client = new AgentClient(socket);
        clients.add(client);
        return client;
    }

    /** The next line, or null at the end of the connection: within BOUND, or the test fails. */
    private static String nextWithinBound(AgentClient client) {
        return assertTimeoutPreemptively(BOUND, () -> {
            try {
                return client.next();
            } catch (IOException reset) {
                return null;
            }
        });
    }

    @Test
    void aConnectionIdleBetweenRequestsIsClosedAfterTheIdleTime() throws Exception {
        Path socket = start(new Agent.Limits(4, SHORT_IDLE));
        AgentClient client = connect(socket);
        assertThat(client.ask("HELLO 1")).isEqualTo("OK 1");
        Thread.sleep(SHORT_IDLE.toMillis() / 4);
        assertThat(client.ask("HELLO 1")).as("a request within the idle time is served").isEqualTo("OK 1");

        long start = System.nanoTime();
        assertThat(nextWithinBound(client)).as("closed, with nothing said").isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(SHORT_IDLE.minusMillis(100));
    }

    @Test
    void aConnectionThatNeverSendsARequestIsClosed() throws Exception {
        Path socket = start(new Agent.Limits(4, SHORT_IDLE));
        assertThat(nextWithinBound(connect(socket))).isNull();
    }

    @Test
    void aRequestLineTrickledSlowerThanTheIdleTimeIsCut() throws Exception {
        Path socket = start(new Agent.Limits(4, SHORT_IDLE));
        AgentClient client = connect(socket);
        long start = System.nanoTime();
        try {
            // One byte every 50 ms, never a line end: the idle time runs from the start of the line.
            for (int i = 0; i < 3 * SHORT_IDLE.toMillis() / 50; i++) {
                client.send("H");
                Thread.sleep(50);
            }
        } catch (IOException closed) {
            // what the fix does
        }
        assertThat(nextWithinBound(client)).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    }

    @Test
    void idleConnectionsOfOneClientDoNotLockOthersOut() throws Exception {
        Path socket = start(new Agent.Limits(Agent.CONNECTIONS, Duration.ofMinutes(5)));
        List<AgentClient> hog = new ArrayList<>();
        for (int i = 0; i < Agent.CONNECTIONS; i++) {
            AgentClient idle = connect(socket);
            assertThat(idle.ask("HELLO 1")).isEqualTo("OK 1");
            hog.add(idle);
        }

        for (int i = 0; i < 5; i++) {
            AgentClient other = connect(socket);
            assertThat(assertTimeoutPreemptively(BOUND, () -> other.ask("HELLO 1"))).as("connection %d beyond the limit", i)
                    .isEqualTo("OK 1");
        }
        for (int i = 0; i < 5; i++) {
            assertThat(nextWithinBound(hog.get(i))).as("the ones idle longest made room").isNull();
        }
        assertThat(hog.get(5).ask("HELLO 1")).as("the others still serve").isEqualTo("OK 1");
    }
}
