package io.signingmanager.bench;

import io.signingmanager.manager.agent.Agent;
import io.signingmanager.manager.agent.AgentSocket;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.log.ManagerLog;

/**
 * A Signing Manager registered with the benchmark's service, serving its agent on the socket of its
 * home, logging to the home's log file as the real agent does (a line per signature, not the console).
 */
final class BenchAgent implements AutoCloseable {
    private final Agent agent;

    private BenchAgent(Agent agent) {
        this.agent = agent;
    }

    static BenchAgent start(ManagerHome home, BenchmarkSetup setup) throws Exception {
        ManagerLog.install(home.logFile(), false);
        return new BenchAgent(Agent.start(new AgentSocket.Location(home.agentSocket(), true),
                BenchManager.register(home, setup)));
    }

    @Override
    public void close() throws Exception {
        agent.close();
    }
}
