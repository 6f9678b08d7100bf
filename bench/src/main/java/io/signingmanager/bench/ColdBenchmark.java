package io.signingmanager.bench;

import io.signingmanager.common.cli.CommandLines;
import io.signingmanager.common.text.Plural;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The cold figures of issue 18: how long the Signing Service takes from its process's start to its first
 * answer, and how fast it signs in the first seconds after a start (the JIT has not compiled the request
 * path yet) against later in the same run and against the raw JDK in this process.
 * <pre>
 * first start on a new data folder (keys, schema), then the setup over HTTPS as BenchmarkSetup does it
 * start-up:   N restarts, each: process start to the first answer to GET /api/v1/version (polled every
 *             5 ms), and the process's CPU time by then
 * per algorithm (RSA-2048, P-256): a restart, then T threads signing from its first answer:
 *             the first S seconds measured; W seconds unmeasured; S seconds measured again (warm);
 *             the raw JDK signer in this process, warmed the same way, S seconds
 * </pre>
 */
final class ColdBenchmark {
    private ColdBenchmark() {
    }

    @Command(name = "signing-bench cold", sortOptions = false, synopsisHeading = "", optionListHeading = "",
            customSynopsis = {"Usage: java -jar signing-bench.jar cold [--runs N] [--threads N] [--seconds S] [--warm S]",
                "                                        [--jar JAR] [--java-option OPTION]..."})
    static final class Flags {
        @Option(names = "--runs", paramLabel = "N", defaultValue = "5", description = "restarts timed to the first answer (default 5)")
        int runs;

        @Option(names = "--threads", paramLabel = "N", defaultValue = "8", description = "concurrent signing clients (default 8)")
        int threads;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
                description = "the measured window after a start, and later warm (default 10)")
        int seconds;

        @Option(names = "--warm", paramLabel = "S", defaultValue = "60",
                description = "unmeasured signing between the cold and the warm window (default 60)")
        int warm;

        @Mixin
        ServiceJar service = new ServiceJar();
    }

    static String usage() {
        return CommandLines.usage(new Flags(), Options.HELP_COLUMN);
    }

    /** Answers the exit code. */
    static int run(List<String> args) throws Exception {
        Flags flags = Options.parsedOrUsage(new Flags(), args, read -> read.runs >= 1 && read.threads >= 1 && read.seconds >= 1
                && read.warm >= 0 && read.service.present(), "--runs, --threads and --seconds must be at least 1, --warm at "
                + "least 0, and --jar a file", usage());
        if (flags == null) {
            return 2;
        }
        List<String> java = flags.service.command();
        System.out.printf(Locale.ROOT, "signing-bench cold: %s; %s%n", String.join(" ", java), SignBenchmark.machine());
        BenchmarkSetup.inTempFolder("signing-bench-cold", folder -> measure(flags, java, folder.resolve("data")));
        return 0;
    }

    private static void measure(Flags flags, List<String> java, Path data) throws Exception {
        List<BenchIdentity> identities = List.of(BenchIdentity.rsa2048(), BenchIdentity.p256());
        int port = ServiceProcess.freePort();
        BenchmarkSetup setup;
        try (ServiceProcess first = ServiceProcess.start(java, data, port, null)) {
            System.out.printf(Locale.ROOT, "first start (new data folder): %d ms to the first answer, %d ms CPU%n",
                    first.toFirstAnswer().toMillis(), first.cpuAtFirstAnswer().toMillis());
            setup = BenchmarkSetup.prepare(first.uri(), first.tlsSha256(), identities);
        }
        List<Long> wall = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int run = 0; run < flags.runs; run++) {
            try (ServiceProcess service = ServiceProcess.start(java, data, port, setup.tlsSha256())) {
                wall.add(service.toFirstAnswer().toMillis());
                cpu.add(service.cpuAtFirstAnswer().toMillis());
            }
        }
        System.out.printf(Locale.ROOT, "start to first answer, %s: median %d ms (%s), CPU by then median %d ms (%s)%n",
                Plural.of(flags.runs, "restart", "restarts"), median(wall), wall, median(cpu), cpu);
        List<byte[]> digests = SignBenchmark.randomDigests();
        Duration window = Duration.ofSeconds(flags.seconds);
        System.out.printf(Locale.ROOT, "%n| algorithm | first %d s/s | warm/s | raw JDK/s | first/warm | first/raw | warm/raw |%n"
                + "|---|---:|---:|---:|---:|---:|---:|%n", flags.seconds);
        for (BenchIdentity identity : identities) {
            double first;
            double warm;
            try (ServiceProcess service = ServiceProcess.start(java, data, port, setup.tlsSha256());
                 LoadPhase phase = LoadPhase.start("service " + identity.label(), flags.threads, digests,
                         Signers.service(setup, identity, digests.get(0)))) {
                phase.measure(window);
                long firstCount = phase.result().latency().count();
                phase.warmFor(Duration.ofSeconds(flags.warm));
                phase.measure(window);
                first = firstCount / (double) flags.seconds;
                warm = (phase.result().latency().count() - firstCount) / (double) flags.seconds;
            }
            double raw;
            try (LoadPhase phase = LoadPhase.start("raw JDK " + identity.label(), flags.threads, digests,
                    Signers.raw(identity))) {
                phase.warmFor(Duration.ofSeconds(flags.warm));
                phase.measure(window);
                raw = phase.result().opsPerSecond();
            }
            System.out.printf(Locale.ROOT, "| %s %s | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f |%n", identity.algorithm().name(),
                    identity.label(), first, warm, raw, first / warm, first / raw, warm / raw);
        }
        System.out.printf(Locale.ROOT, "%nload average at the end %.2f%n", SignBenchmark.loadAverage());
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
