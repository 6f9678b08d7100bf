package io.signingmanager.manager.agent;

import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import java.io.IOException;
import java.io.PrintStream;

/** {@code signing-manager agent}: the agent without a window, until SIGTERM or Ctrl-C. */
public final class AgentCommand {
    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;

    public AgentCommand(Manager manager, PrintStream out, PrintStream err) {
        this.manager = manager;
        this.out = out;
        this.err = err;
    }

    /** Runs the agent there and answers the exit code once it stopped or could not start. */
    public int run(AgentSocket.Location location) {
        Agent agent;
        try {
            manager.requireConfigured();
            agent = Agent.start(location, manager);
        } catch (Problem problem) {
            err.println("signing-manager: " + problem.getMessage());
            err.println(problem.advice());
            return problem.kind().exitCode();
        } catch (IOException e) {
            err.println("signing-manager: the agent cannot listen on " + location.socket() + ": " + e.getMessage());
            return Problem.Kind.LOCAL.exitCode();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(agent), "agent-shutdown"));
        out.println("Signing Manager agent listening on " + agent.socket());
        out.flush();
        try {
            agent.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void stop(Agent agent) {
        try {
            agent.close();
        } catch (IOException e) {
            err.println("signing-manager: cannot remove the agent's socket " + agent.socket() + ": " + e.getMessage());
        }
    }
}
