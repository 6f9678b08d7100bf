package io.signingmanager.manager.cli;

import io.signingmanager.manager.agent.AgentCommand;
import io.signingmanager.manager.agent.AgentSocket;
import io.signingmanager.manager.connection.Manager;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code signing-manager agent [-d]}: the headless agent, for CI machines and the PKCS#11 module. */
@Command(name = "agent", sortOptions = false,
        customSynopsis = "Usage: signing-manager agent [-d]",
        description = {"", "Serves the certificates to local tools (the PKCS#11 module, the JCA provider) on the agent's",
            "socket until stopped; see docs/agent-protocol.md.", ""})
final class AgentSubcommand implements Callable<Integer> {
    @Option(names = "-d", description = "debug logging")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<AgentSocket.Location> location;

    AgentSubcommand(Manager manager, PrintStream out, PrintStream err, Supplier<AgentSocket.Location> location) {
        this.manager = manager;
        this.out = out;
        this.err = err;
        this.location = location;
    }

    @Override
    public Integer call() {
        // Main installed the log with -d already, before any command ran.
        return new AgentCommand(manager, out, err).run(location.get());
    }
}
