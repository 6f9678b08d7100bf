package io.signingmanager.manager.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signingmanager.common.cli.CommandLines;
import io.signingmanager.common.json.Json;
import io.signingmanager.manager.agent.AgentSocket;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.gitsign.GitSigningPlaces;
import io.signingmanager.manager.gitsign.GitSigningSetup;
import io.signingmanager.manager.home.ManagerHome;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Signing Manager as a command line: the seed's flags ({@link SeedFlags}) and the subcommands
 * {@code agent}, {@code sign}, {@code workflows}, {@code fetch-signing-files}, {@code verify-receipt},
 * {@code log-monitor}, {@code git-setup} and {@code completion}, parsed by picocli. Output goes to stdout (JSON
 * with {@code --json}), every failure to stderr with a non-zero exit code: 2 for a wrong command
 * line, {@link Problem.Kind#exitCode()} for the rest.
 */
public final class CommandLine {
    public static final int OK = 0;
    public static final int USAGE = CommandLines.USAGE;
    /** A check that ran and found what it checks does not hold (a receipt, the signing log). */
    public static final int CHECK_FAILED = 1;
    /** Where the seed's help starts each option's text. */
    private static final int HELP_COLUMN = 20;
    /** The same for {@code sign}, whose option names are longer. */
    private static final int SIGN_HELP_COLUMN = 23;

    private final Manager manager;
    private final PrintStream out;
    private final PrintStream err;
    private final Terminal terminal;
    private final Map<String, String> env;
    private final Supplier<ManagerHome> home;

    public CommandLine(Manager manager, PrintStream out, PrintStream err) {
        this(manager, out, err, Terminal.system(), System.getenv(), ManagerHome::current);
    }

    /** With another person at the console, environment and home (the tests'). */
    CommandLine(Manager manager, PrintStream out, PrintStream err, Terminal terminal, Map<String, String> env,
                Supplier<ManagerHome> home) {
        this.manager = manager;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.env = env;
        this.home = home;
    }

    public int run(List<String> args) {
        PrintWriter help = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errors = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        picocli.CommandLine commandLine = CommandLines.of(new SeedFlags(manager, out, err, terminal), HELP_COLUMN, help,
                errors, "signing-manager: ", spec -> spec.parent() == null ? "Run with -h to see the options."
                        : "Run " + spec.qualifiedName() + " -h to see the options.",
                new AgentSubcommand(manager, out, err, () -> AgentSocket.Location.of(env, home.get())),
                new SignCommand(manager, out, err),
                new WorkflowsCommand(manager, out, err), new FetchSigningFilesCommand(manager, out, err),
                new VerifyReceiptCommand(manager, out, err), new LogMonitorCommand(manager, out, err),
                new GitSetupCommand(new GitSigningSetup(manager, GitSigningPlaces.of(env, home.get())), out, err, terminal),
                new CompletionCommand(out));
        CommandLines.layOut(commandLine.getSubcommands().get("sign"), SIGN_HELP_COLUMN);
        CommandLines.layOut(commandLine.getSubcommands().get("fetch-signing-files"), SIGN_HELP_COLUMN);
        int exit = commandLine.execute(args.toArray(String[]::new));
        help.flush();
        errors.flush();
        return exit;
    }

    /** Says the problem on stderr and answers its exit code. */
    static int report(Problem problem, PrintStream err) {
        err.println("signing-manager: " + problem.getMessage());
        problem.details().forEach(detail -> err.println("  - " + detail));
        err.println(problem.advice());
        return problem.kind().exitCode();
    }

    static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
