package io.signingmanager.bench;

import io.signingmanager.common.cli.CommandLines;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Issue 21's figures: the size and time of {@code signing-service backup} of a running service whose audit holds
 * N records, and of {@code signing-service restore} of that backup, each the real command as an operator runs it
 * ({@code java -jar signing-service.jar backup ...}, a process of its own), then where their time goes.
 * <pre>
 * setup:   the service's jar as a process on a new data folder (H2), the setup over HTTPS as BenchmarkSetup does it,
 *          an RSA-2048 and a P-256 identity; N audit records signed through sign-batch (SignedHistory)
 * backup:  R times, the service running (the command asks it through backup.sock): without, then with
 *          --include-master-key, each to a new file; wall time of the process and the time the command says
 * restore: the service stopped; each with-key backup into a new folder, and the last without-key one with
 *          SIGNING_SERVICE_MASTER_KEY; wall time, and what the command says it restored and verified
 * parts:   BackupParts, in this process
 * </pre>
 */
final class BackupBenchmark {
    private static final String PASSPHRASE_VARIABLE = "SIGNING_SERVICE_BACKUP_PASSPHRASE";
    static final String PASSPHRASE = "benchmark backup passphrase";
    private static final Pattern WROTE = Pattern.compile("\\((\\d+) bytes\\) in ([0-9.]+) s");
    private static final Pattern VERIFIED = Pattern.compile("audit records: (\\d+), verified");

    private BackupBenchmark() {
    }

    @Command(name = "signing-bench backup", sortOptions = false, synopsisHeading = "", optionListHeading = "",
            customSynopsis = {"Usage: java -jar signing-bench.jar backup [--records N] [--batch B] [--runs R]",
                "                                          [--jar JAR] [--java-option OPTION]..."})
    static final class Flags {
        @Option(names = "--records", paramLabel = "N", defaultValue = "100000",
                description = "sign records to put in the audit first, a multiple of --batch (default 100000)")
        int records;

        @Option(names = "--batch", paramLabel = "B", defaultValue = "1000",
                description = "items per sign-batch call while filling the audit (default 1000, at most 1000)")
        int batch;

        @Option(names = "--runs", paramLabel = "R", defaultValue = "2",
                description = "backups of each kind (without, with the master key) and restores (default 2)")
        int runs;

        @Mixin
        ServiceJar service = new ServiceJar();
    }

    static String usage() {
        return CommandLines.usage(new Flags(), Options.HELP_COLUMN);
    }

    /**
     * One run of a command of the jar: its wall time, its process's CPU and the service's meanwhile (-1: not
     * running), what it printed, and the backup file it wrote (or read).
     */
    private record Run(long wallNanos, long cpuNanos, long serviceCpuNanos, String output, Path file) {
        double seconds() {
            return wallNanos / 1e9;
        }

        /** The table's row: wall time, the time the command says, its CPU and the service's, in seconds. */
        String row(String what) {
            return String.format(Locale.ROOT, "| %s | %.2f | %s | %.2f | %s |", what, seconds(), said(WROTE, 2),
                    cpuNanos / 1e9, serviceCpuNanos < 0 ? "" : String.format(Locale.ROOT, "%.2f", serviceCpuNanos / 1e9));
        }

        /** The figure after {@code pattern}'s group {@code group} in the output, as the command said it. */
        String said(Pattern pattern, int group) {
            Matcher matcher = pattern.matcher(output);
            return matcher.find() ? matcher.group(group) : "";
        }
    }

    /** Answers the exit code. */
    static int run(List<String> args) throws Exception {
        Flags flags = Options.parsedOrUsage(new Flags(), args, read -> read.batch >= 1 && read.batch <= SignBatchRequest.MAX_ITEMS
                && read.records >= read.batch && read.records % read.batch == 0 && read.runs >= 1 && read.service.present(),
                "--batch must be 1 to " + SignBatchRequest.MAX_ITEMS + ", --records a multiple of it, --runs at least 1, "
                + "and --jar a file", usage());
        if (flags == null) {
            return 2;
        }
        List<String> java = flags.service.command();
        System.out.printf(Locale.ROOT, "signing-bench backup: %s; %,d records; %s%n", String.join(" ", java), flags.records,
                SignBenchmark.machine());
        BenchmarkSetup.inTempFolder("signing-bench-backup", folder -> measure(flags, java, folder));
        return 0;
    }

    private static void measure(Flags flags, List<String> java, Path folder) throws Exception {
        Path data = folder.resolve("data");
        Path database = Path.of(Database.h2File(data) + ".mv.db");
        List<Run> plain = new ArrayList<>();
        List<Run> withKey = new ArrayList<>();
        long live;
        try (ServiceProcess service = ServiceProcess.start(java, data, ServiceProcess.freePort(), null)) {
            List<BenchIdentity> identities = List.of(BenchIdentity.rsa2048(), BenchIdentity.p256());
            BenchmarkSetup setup = BenchmarkSetup.prepare(service.uri(), service.tlsSha256(), identities);
            System.out.printf(Locale.ROOT, "filling the audit: %,d sign-batch items, %d a call%n", flags.records, flags.batch);
            long filled = SignedHistory.fill(setup, identities, flags.records, flags.batch);
            live = Files.size(database);
            System.out.printf(Locale.ROOT, "filled in %.1f s; %s is %s while the service runs%n", filled / 1e9,
                    database.getFileName(), megabytes(live));
            for (int run = 1; run <= flags.runs; run++) {
                plain.add(backup(java, service, folder, data, folder.resolve("plain-" + run + ".backup"), false));
                withKey.add(backup(java, service, folder, data, folder.resolve("with-key-" + run + ".backup"), true));
            }
        }
        long stopped = Files.size(database);
        System.out.printf(Locale.ROOT, "%s is %s after the service stopped%n", database.getFileName(), megabytes(stopped));
        List<Run> restores = new ArrayList<>();
        for (Run backup : withKey) {
            restores.add(restore(java, folder, backup.file(), folder.resolve("restored-" + (restores.size() + 1)), Map.of()));
        }
        String key = Base64.getEncoder().encodeToString(Files.readAllBytes(data.resolve(MasterKey.FILE_NAME)));
        Run keyGiven = restore(java, folder, plain.get(plain.size() - 1).file(), folder.resolve("restored-key-given"),
                Map.of(MasterKey.ENVIRONMENT_VARIABLE, key));
        System.out.println("the last restore printed:");
        System.out.print(keyGiven.output().indent(2));
        System.out.println("where the time goes, each part alone in this process (seconds: first run, second run, its CPU):");
        List<BackupParts.Part> parts = BackupParts.measure(data, withKey.get(0).file(), folder.resolve("restored-1"), folder);
        System.out.printf(Locale.ROOT, "%nload average at the end %.2f%n%n", SignBenchmark.loadAverage());
        System.out.println("| what | figure |\n|---|---|");
        System.out.printf(Locale.ROOT, "| audit records the restore verified | %s |%n", keyGiven.said(VERIFIED, 1));
        System.out.printf(Locale.ROOT, "| %s, service running / stopped | %s / %s |%n", database.getFileName(),
                megabytes(live), megabytes(stopped));
        System.out.printf(Locale.ROOT, "| backup file without / with the master key | %s / %s |%n",
                megabytes(Files.size(plain.get(0).file())), megabytes(Files.size(withKey.get(0).file())));
        System.out.println("\n| command | wall, s | the command says, s | its CPU, s | the service's CPU, s |\n|---|--:|--:|--:|--:|");
        plain.forEach(run -> System.out.println(run.row("backup, without the master key")));
        withKey.forEach(run -> System.out.println(run.row("backup, with the master key")));
        restores.forEach(run -> System.out.println(run.row("restore of a backup with the master key")));
        System.out.println(keyGiven.row("restore, the master key given"));
        System.out.println("\n| part | first, s | second, s | second, CPU s | bytes |\n|---|--:|--:|--:|---|");
        parts.forEach(part -> System.out.println(part.row()));
    }

    private static Run backup(List<String> java, ServiceProcess service, Path folder, Path data, Path file,
                              boolean includeMasterKey) throws Exception {
        List<String> args = new ArrayList<>(List.of("backup", "--to", file.toString(), "--data", data.toString()));
        if (includeMasterKey) {
            args.add("--include-master-key");
        }
        long serviceCpu = service.cpu().toNanos();
        Run command = command(java, folder, args, Map.of(), file);
        Run backup = new Run(command.wallNanos(), command.cpuNanos(), service.cpu().toNanos() - serviceCpu, command.output(),
                file);
        System.out.printf(Locale.ROOT, "backup %s the master key: %.2f s wall, %s s said, %s%n",
                includeMasterKey ? "with" : "without", backup.seconds(), backup.said(WROTE, 2), megabytes(Files.size(file)));
        return backup;
    }

    private static Run restore(List<String> java, Path folder, Path file, Path target, Map<String, String> env)
            throws Exception {
        Run restore = command(java, folder, List.of("restore", "--from", file.toString(), "--data", target.toString()),
                env, file);
        System.out.printf(Locale.ROOT, "restore of %s: %.2f s wall, %s audit records verified%n", file.getFileName(),
                restore.seconds(), restore.said(VERIFIED, 1));
        return restore;
    }

    /** {@code java -jar JAR args} with the passphrase in its environment, and no master key unless {@code env} gives one. */
    private static Run command(List<String> java, Path folder, List<String> args, Map<String, String> env, Path file)
            throws Exception {
        List<String> line = new ArrayList<>(java);
        line.addAll(args);
        Map<String, String> variables = new HashMap<>();
        variables.put(MasterKey.ENVIRONMENT_VARIABLE, null);
        variables.put(PASSPHRASE_VARIABLE, PASSPHRASE);
        variables.putAll(env);
        long cpu = ChildCpu.nanos();
        long started = System.nanoTime();
        String output = ExternalCommand.run(folder, line, variables);
        return new Run(System.nanoTime() - started, ChildCpu.nanos() - cpu, -1, output, file);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
