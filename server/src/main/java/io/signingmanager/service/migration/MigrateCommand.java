package io.signingmanager.service.migration;

import io.signingmanager.common.cli.CommandLines;
import io.signingmanager.service.audit.ChainCheck;
import io.signingmanager.service.storage.ExternalDatabase;
import io.signingmanager.service.storage.StorageException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signing-service migrate --from DATA --to URL}: the command line of a {@link Migration}. The
 * database's user and password come from the environment, like the service's, never from the
 * command line (which others on the machine can read).
 */
@Command(name = "migrate", sortOptions = false, synopsisHeading = "", optionListHeading = "%n",
        customSynopsis = {
            "Usage: migrate --from DATA --to jdbc:postgresql://HOST:PORT/DATABASE",
            "  Copies the embedded H2 database of a data folder into an empty PostgreSQL database and verifies",
            "  the copy. Stop the service first (its lock on the data folder refuses the migration)."},
        footerHeading = "%n", footer = {
            "Environment: SIGNING_SERVICE_DATABASE_USER, SIGNING_SERVICE_DATABASE_PASSWORD (the target's sign-in).",
            "Exit codes: 0 copied and verified, 1 refused or failed (nothing committed), 2 a wrong command line."})
public final class MigrateCommand implements Callable<Integer> {
    private static final int HELP_COLUMN = 22;

    @Option(names = "--from", paramLabel = "DATA", required = true, description = "the data folder the service ran with (its --data).")
    Path from;

    @Option(names = "--to", paramLabel = "URL", required = true, description = "the empty PostgreSQL database, jdbc:postgresql://HOST:PORT/DATABASE.")
    String to;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
    boolean help;

    private final Map<String, String> env;
    private final PrintStream out;

    private MigrateCommand(Map<String, String> env, PrintStream out) {
        this.env = env;
        this.out = out;
    }

    /** Runs the command with the given environment; answers the process exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        PrintWriter errors = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        PrintWriter help = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        CommandLine commandLine = CommandLines.of(new MigrateCommand(env, out), HELP_COLUMN, help, errors, "migrate: ",
                spec -> "Run migrate -h to see the flags.");
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                errors.println("migrate: " + e.getMessage());
                return CommandLines.USAGE;
            }
            errors.println("migrate: " + (e instanceof MigrationRefused || e instanceof StorageException
                    ? e.getMessage() : "failed: " + e));
            return 1;
        });
        int exit = commandLine.execute(args);
        errors.flush();
        help.flush();
        return exit;
    }

    @Override
    public Integer call() {
        ExternalDatabase target = new ExternalDatabase(to, env.get("SIGNING_SERVICE_DATABASE_USER"),
                env.get("SIGNING_SERVICE_DATABASE_PASSWORD"));
        out.println("Copying " + from.toAbsolutePath() + " (embedded H2) into " + ExternalDatabase.nameOf(target) + " ...");
        MigrationReport report = new Migration().run(from, target);
        int width = report.rowsPerTable().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Long> table : report.rowsPerTable().entrySet()) {
            out.printf(Locale.ROOT, "  %-" + width + "s %8d %s%n", table.getKey(), table.getValue(),
                    table.getValue() == 1 ? "row" : "rows");
        }
        out.printf(Locale.ROOT, "Copied %d rows of %d tables in %.1f s. Verified: every table's row count and content "
                + "digest are equal on both sides.%n", report.rows(), report.rowsPerTable().size(),
                report.took().toMillis() / 1000.0);
        ChainCheck audit = report.audit();
        out.println(audit.valid() ? "The audit chain verifies on PostgreSQL (" + audit.checkedRecords() + " records)."
                : "The audit chain breaks at record " + audit.firstBrokenId() + " (" + audit.problem()
                + ") on PostgreSQL as it does on H2: it was copied as it was.");
        out.println("Keys and secrets were copied sealed, as they were: every service on this database needs the "
                + "master key of " + from + ".");
        if (report.masterKeyFile() != null) {
            out.println("  export SIGNING_SERVICE_MASTER_KEY=\"$(base64 -w0 " + report.masterKeyFile() + ")\"");
        } else {
            out.println("  The data folder has no master.key: give the services the SIGNING_SERVICE_MASTER_KEY the H2 "
                    + "service ran with.");
        }
        out.println("Then start them with --database-url " + target.describe() + " (and this database's user and password).");
        return 0;
    }
}
