package io.signingmanager.service.backup;

import io.signingmanager.common.cli.CommandLines;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.storage.DataFolder;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.StorageException;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code signing-service backup --to FILE --data DIR [--include-master-key]} and {@code signing-service restore
 * --from FILE --data DIR}: the command line of {@link Backups} and {@link Restore}. The passphrase comes from
 * {@value Passphrase#VARIABLE} or the terminal, a master key to restore with from {@code SIGNING_SERVICE_MASTER_KEY}.
 */
@Command(name = "signing-service", synopsisHeading = "", customSynopsis = BackupCommands.USAGE)
public final class BackupCommands {
    static final String USAGE = """
            Usage:
              backup --to FILE --data DIR [--include-master-key]
                  Writes a backup of the data folder's database and TLS identity (and its master key when asked),
                  encrypted under a passphrase; from the running service through its socket, or from the folder.
              restore --from FILE --data DIR
                  Restores a backup into DIR, which must be new or empty, once it checked the backup.""";
    private static final int HELP_COLUMN = 24;

    private BackupCommands() {
    }

    /** Runs {@code backup ...} or {@code restore ...}; answers the process exit code. */
    public static int run(String[] args, Map<String, String> env, Supplier<Optional<Console>> console, PrintStream out,
                          PrintStream err) {
        PrintWriter errors = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        PrintWriter help = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        Passphrase passphrase = new Passphrase(env, console);
        CommandLine commandLine = CommandLines.of(new BackupCommands(), HELP_COLUMN, help, errors, "signing-service: ",
                spec -> USAGE, new Take(passphrase, out), new Put(passphrase, env, out));
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            errors.println("signing-service " + parsed.subcommand().commandSpec().name() + ": " + e.getMessage());
            return 1;
        });
        int exit = commandLine.execute(args);
        errors.flush();
        help.flush();
        return exit;
    }

    @Command(name = "backup", synopsisHeading = "", customSynopsis = USAGE)
    static final class Take implements Callable<Integer> {
        @Option(names = "--to", paramLabel = "FILE", required = true, description = "the backup file to write (not there yet).")
        Path to;

        @Option(names = "--data", paramLabel = "DIR", required = true, description = "the data folder the service runs with.")
        Path data;

        @Option(names = "--include-master-key", description = "put the master key in the backup too.")
        boolean includeMasterKey;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
        boolean help;

        private final Passphrase passphrase;
        private final PrintStream out;

        Take(Passphrase passphrase, PrintStream out) {
            this.passphrase = passphrase;
            this.out = out;
        }

        @Override
        public Integer call() throws IOException {
            if (Files.exists(to)) {
                throw new IllegalArgumentException(to + " is there already; nothing was written.");
            }
            if (!Files.isRegularFile(Path.of(Database.h2File(data) + ".mv.db"))) {
                throw new IllegalArgumentException(data.toAbsolutePath() + " holds no Signing Service database.");
            }
            char[] secret = passphrase.forNewBackup();
            long started = System.nanoTime();
            Path partial = to.resolveSibling(to.getFileName() + ".partial");
            Path socket = data.resolve(BackupSocket.FILE_NAME);
            boolean running = Files.exists(socket);
            try (OutputStream file = Files.newOutputStream(partial)) {
                if (running) {
                    fromRunningService(socket, file, secret);
                } else {
                    try (DataFolder folder = claim(data); Database database = Database.openH2(folder.path())) {
                        new Backups(database, folder.path(), Clock.systemUTC()).write(file, secret, includeMasterKey);
                    }
                }
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
            Files.move(partial, to, StandardCopyOption.ATOMIC_MOVE);
            out.printf(Locale.ROOT, "Wrote %s (%d bytes) in %.1f s, encrypted under the passphrase (age format: `age -d` "
                    + "opens it too).%n", to, Files.size(to), (System.nanoTime() - started) / 1e9);
            out.println(includeMasterKey ? "It holds the master key: keep it as safe as the data folder."
                    : "It does not hold the master key: keep " + data.resolve(MasterKey.FILE_NAME)
                    + " (or SIGNING_SERVICE_MASTER_KEY) apart from it; a restore needs both.");
            return 0;
        }

        /** The running service's archive through its socket, encrypted here as it comes: never on disk unencrypted. */
        private void fromRunningService(Path socket, OutputStream file, char[] secret) throws IOException {
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                OutputStream request = Channels.newOutputStream(channel);
                request.write(((includeMasterKey ? BackupSocket.REQUEST_WITH_KEY : BackupSocket.REQUEST) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                request.flush();
                InputStream answer = Channels.newInputStream(channel);
                String status = statusLine(answer);
                if (!status.equals("OK")) {
                    throw new IllegalStateException("The running service refused the backup: " + status);
                }
                AgeEncryption.encrypt(answer, file, secret, AgeEncryption.WORK_FACTOR);
            } catch (SocketException e) {
                throw new IllegalStateException("The service's backup socket " + socket + " does not answer (" + e.getMessage()
                        + "); if the service is stopped, delete that file and run the backup again.", e);
            }
        }

        private static String statusLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n' && line.length() < 512) {
                line.append((char) c);
            }
            return line.toString();
        }

        private static DataFolder claim(Path data) {
            try {
                return DataFolder.claim(data);
            } catch (StorageException e) {
                throw new IllegalStateException(e.getMessage() + ", and it has no backup socket: an older or a starting service?", e);
            }
        }
    }

    @Command(name = "restore", synopsisHeading = "", customSynopsis = USAGE)
    static final class Put implements Callable<Integer> {
        @Option(names = "--from", paramLabel = "FILE", required = true, description = "the backup file.")
        Path from;

        @Option(names = "--data", paramLabel = "DIR", required = true, description = "the new data folder (absent or empty).")
        Path data;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "this message.")
        boolean help;

        private final Passphrase passphrase;
        private final Map<String, String> env;
        private final PrintStream out;

        Put(Passphrase passphrase, Map<String, String> env, PrintStream out) {
            this.passphrase = passphrase;
            this.env = env;
            this.out = out;
        }

        @Override
        public Integer call() throws IOException, BackupRefused {
            if (!Files.isRegularFile(from)) {
                throw new IllegalArgumentException("There is no backup file " + from);
            }
            String given = env.get(MasterKey.ENVIRONMENT_VARIABLE);
            Optional<byte[]> key = given == null || given.isBlank() ? Optional.empty()
                    : Optional.of(MasterKey.load(given, data));
            RestoreReport report;
            try (InputStream in = Files.newInputStream(from)) {
                report = Restore.into(in, passphrase.forRestore(), data, key);
            }
            out.println("Restored the backup of " + report.taken().truncatedTo(ChronoUnit.SECONDS) + " into "
                    + data.toAbsolutePath() + ":");
            report.rows().forEach((what, count) -> out.println("  " + what + ": " + count));
            out.println("  audit records: " + report.auditRecords() + ", verified" + (report.lastAudit() == null ? ""
                    : "; the last at " + report.lastAudit().truncatedTo(ChronoUnit.SECONDS)));
            out.println(report.masterKeyFromBackup() ? "The master key came with the backup."
                    : "Start the service with the same SIGNING_SERVICE_MASTER_KEY: the backup holds no master key.");
            if (report.scheduleLeftOff() != null) {
                out.println("Scheduled backups (into " + report.scheduleLeftOff() + ") are off here: set them again on the "
                        + "Backup page once this is the service in use.");
            }
            return 0;
        }
    }
}
