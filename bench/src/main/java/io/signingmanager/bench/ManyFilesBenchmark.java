package io.signingmanager.bench;

import io.signingmanager.common.cli.CommandLines;
import io.signingmanager.manager.home.ManagerHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The wall time of one {@code signing-manager sign} command on many small PowerShell scripts, JVM start
 * included, as a user runs it: {@code java -jar signing-manager.jar sign --cert X --output DIR *.ps1}.
 * <pre>
 * setup:  service with an RSA-2048 identity, a Signing Manager registered in a temporary home
 *         (SIGNING_MANAGER_HOME), N one-line .ps1 scripts in a temp folder for each N asked for
 * rounds: for each N, the command in a new JVM into an empty folder, timed from start to exit;
 *         every output line counted, the first signed script of each N checked with osslsigncode verify
 * </pre>
 */
final class ManyFilesBenchmark {
    private ManyFilesBenchmark() {
    }

    @Command(name = "many-files", sortOptions = false, synopsisHeading = "", optionListHeading = "",
            customSynopsis = "Usage: java -jar signing-bench.jar many-files [--files 1,200,1000] [--rounds 3] "
                    + "[--manager-jar JAR] [--java-option OPTION]... [--command PATH]")
    static final class Flags {
        @Option(names = "--files", paramLabel = "N,...", split = ",", defaultValue = "1,200,1000",
                description = "how many scripts one command signs, one series of rounds each (default 1,200,1000)")
        int[] files;

        @Option(names = "--rounds", paramLabel = "R", defaultValue = "3", description = "rounds of each, the median told (default 3)")
        int rounds;

        @Option(names = "--manager-jar", paramLabel = "JAR", defaultValue = "client-fx/target/signing-manager.jar",
                description = "the Signing Manager's jar (default client-fx/target/signing-manager.jar)")
        Path managerJar;

        @Option(names = "--java-option", paramLabel = "OPTION", description = {
            "a JVM flag for the command, e.g. -XX:TieredStopAtLevel=1 (repeatable)"})
        List<String> javaOptions = new ArrayList<>();

        @Option(names = "--command", paramLabel = "PATH", description = {
            "run this launcher instead of java -jar, e.g. /usr/bin/signing-manager of the Debian package",
            "(its own JVM flags and class archive; --manager-jar and --java-option are then not used)"})
        Path command;
    }

    static String usage() {
        return CommandLines.usage(new Flags(), Options.HELP_COLUMN);
    }

    /** Answers the exit code. */
    static int run(List<String> args) throws Exception {
        Flags flags = Options.parsedOrUsage(() -> {
            Flags read = CommandLines.parse(new Flags(), args.toArray(String[]::new));
            if (read.rounds < 1 || Arrays.stream(read.files).anyMatch(n -> n < 1)
                    || (read.command == null ? !Files.isRegularFile(read.managerJar) : !Files.isExecutable(read.command))) {
                throw new IllegalArgumentException("--files and --rounds must be at least 1, --manager-jar an existing jar"
                        + " (mvn package -pl client-fx -am makes it) and --command an executable");
            }
            return read;
        }, usage());
        if (flags == null) {
            return 2;
        }
        System.out.printf(Locale.ROOT, "signing-bench many-files: %s scripts, %d rounds, %s; %d cores, Java %s; "
                        + "load average %.2f%n", Arrays.toString(flags.files), flags.rounds,
                flags.command == null ? "java -jar, JVM flags " + flags.javaOptions : flags.command,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.runtime.version"), SignBenchmark.loadAverage());
        BenchIdentity identity = BenchIdentity.rsa2048();
        Path folder = Files.createTempDirectory("signing-bench-many-files");
        try (BenchmarkSetup setup = BenchmarkSetup.start(List.of(identity))) {
            Path home = Files.createDirectory(folder.resolve("home"));
            BenchManager.register(new ManagerHome(home, home, home), setup);
            Path caFile = Files.writeString(folder.resolve("ca.pem"), identity.certificatePem());
            // The registration is in the home's owner-only file: the desktop's secret store is kept out of it.
            Map<String, String> environment = new HashMap<>();
            environment.put(ManagerHome.HOME_VARIABLE, home.toString());
            environment.put("DBUS_SESSION_BUS_ADDRESS", null);
            for (int count : flags.files) {
                List<Path> scripts = scripts(Files.createDirectory(folder.resolve("scripts-" + count)), count);
                long[] nanos = new long[flags.rounds];
                for (int round = 0; round < flags.rounds; round++) {
                    Path out = Files.createDirectory(folder.resolve("signed-" + count + "-" + round));
                    List<String> command = new ArrayList<>();
                    if (flags.command == null) {
                        command.add("java");
                        command.addAll(flags.javaOptions);
                        command.addAll(List.of("-jar", flags.managerJar.toAbsolutePath().toString()));
                    } else {
                        command.add(flags.command.toString());
                    }
                    command.addAll(List.of("sign", "--cert", identity.sha1(), "--output", out.toString()));
                    scripts.forEach(script -> command.add(script.toString()));
                    long started = System.nanoTime();
                    String output = ExternalCommand.run(home, command, environment);
                    nanos[round] = System.nanoTime() - started;
                    if (output.lines().count() != count) {
                        throw new IOException("signing-manager sign printed " + output.lines().count() + " lines for "
                                + count + " files:\n" + output);
                    }
                    if (round == 0) {
                        FilesBenchmark.verify(out.resolve(scripts.get(0).getFileName()), caFile);
                    }
                    System.out.printf(Locale.ROOT, "%5d files, round %d: %6.2f s%n", count, round + 1, nanos[round] / 1e9);
                }
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "%5d files in one signing-manager sign: median %.2f s (%.1f ms per file)%n",
                        count, nanos[nanos.length / 2] / 1e9, nanos[nanos.length / 2] / 1e6 / count);
            }
            System.out.printf(Locale.ROOT, "load average at the end %.2f%n", SignBenchmark.loadAverage());
        } finally {
            BenchmarkSetup.delete(folder);
        }
        return 0;
    }

    private static List<Path> scripts(Path folder, int count) throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            scripts.add(Files.writeString(folder.resolve("script" + i + ".ps1"), "Write-Host 'script " + i + "'\r\n",
                    StandardCharsets.UTF_8));
        }
        return scripts;
    }
}
