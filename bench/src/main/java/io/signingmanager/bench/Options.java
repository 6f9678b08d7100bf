package io.signingmanager.bench;

import io.signingmanager.common.cli.CommandLines;
import io.signingmanager.common.protocol.SignBatchRequest;
import io.signingmanager.service.storage.ExternalDatabase;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The benchmark's flags. */
record Options(int threads, Duration measure, Duration warmup, Duration maxWarmup, int rounds, int batch,
               int batchThreads, ExternalDatabase database) {
    /** Where the help starts each option's text. */
    static final int HELP_COLUMN = 20;

    /** The flags as given, parsed and typed by picocli; {@link #parse} checks how they fit together. */
    @Command(name = "signing-bench", sortOptions = false, synopsisHeading = "", optionListHeading = "",
            customSynopsis = {
                "Usage: java -jar signing-bench.jar [--threads N] [--seconds S] [--rounds R] [--warmup S] [--max-warmup S]",
                "                                   [--batch B] [--batch-threads T]",
                "                                   [--database-url jdbc:postgresql://HOST:PORT/DATABASE]"})
    static final class Flags {
        @Option(names = "--threads", paramLabel = "N", defaultValue = "8",
                description = "concurrent clients, each with its own keep-alive connection (default 8)")
        int threads;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "10", description = "measured time of each phase (default 10)")
        int seconds;

        @Option(names = "--rounds", paramLabel = "R", defaultValue = "5", description = {
            "the measured time is cut into R slices, service and raw taking turns,",
            "so load from elsewhere on the machine weighs on both alike (default 5)"})
        int rounds;

        @Option(names = "--warmup", paramLabel = "S", defaultValue = "5", description = {
            "shortest warm-up before each phase (default 5); the warm-up then goes on",
            "until the JIT compilers are quiet, then both phases take unmeasured turns",
            "until switching between them leaves the JIT quiet too"})
        int warmup;

        @Option(names = "--max-warmup", paramLabel = "S", defaultValue = "180", description = {
            "longest warm-up before each phase, and longest run of unmeasured turns", "(default 180)"})
        int maxWarmup;

        @Option(names = "--batch", paramLabel = "B", defaultValue = "100", description = {
            "items per sign-batch call in the service's batch phase, 0 for none", "(default 100, at most 1000)"})
        int batch;

        @Option(names = "--batch-threads", paramLabel = "T", defaultValue = "2", description = {
            "concurrent clients in the batch phase (default 2: the service signs a call's",
            "items on all cores, but checks them and writes the answer on one thread, so",
            "a second call keeps the cores busy meanwhile, and a call stays short enough",
            "to start and end inside one slice)"})
        int batchThreads;

        @Option(names = "--database-url", paramLabel = "U", description = {
            "the service keeps its state and audit in this empty PostgreSQL database",
            "(user and password from SIGNING_SERVICE_DATABASE_USER and _PASSWORD)",
            "instead of the embedded H2 in its temporary data folder"})
        String databaseUrl;
    }

    static String usage() {
        return CommandLines.usage(new Flags(), HELP_COLUMN);
    }

    /**
     * A benchmark's flags as {@code parse} reads and checks them, or {@code null} when they are wrong (an
     * {@link IllegalArgumentException}), after printing why and {@code usage} to standard error.
     */
    static <T> T parsedOrUsage(Supplier<T> parse, String usage) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(usage);
            return null;
        }
    }

    /**
     * {@code flags} (a picocli {@code @Command}) filled from {@code args}, or {@code null} when they cannot be read
     * or do not {@code fit} (then {@code wrong} is said), after printing why and {@code usage} to standard error.
     */
    static <T> T parsedOrUsage(T flags, List<String> args, Predicate<T> fit, String wrong, String usage) {
        return parsedOrUsage(() -> {
            T read = CommandLines.parse(flags, args.toArray(String[]::new));
            if (!fit.test(read)) {
                throw new IllegalArgumentException(wrong);
            }
            return read;
        }, usage);
    }

    static Options parse(String[] args) {
        Flags flags = CommandLines.parse(new Flags(), args);
        if (flags.threads < 1 || flags.seconds < 1 || flags.rounds < 1 || flags.warmup < 0 || flags.maxWarmup < flags.warmup
                || flags.batch < 0 || flags.batch > SignBatchRequest.MAX_ITEMS || flags.batchThreads < 1) {
            throw new IllegalArgumentException("--threads, --seconds, --rounds and --batch-threads must be at least 1, "
                    + "--warmup at least 0, --max-warmup at least --warmup and --batch 0 to " + SignBatchRequest.MAX_ITEMS);
        }
        ExternalDatabase database = flags.databaseUrl == null ? null : new ExternalDatabase(flags.databaseUrl,
                System.getenv("SIGNING_SERVICE_DATABASE_USER"), System.getenv("SIGNING_SERVICE_DATABASE_PASSWORD"));
        return new Options(flags.threads, Duration.ofSeconds(flags.seconds), Duration.ofSeconds(flags.warmup),
                Duration.ofSeconds(flags.maxWarmup), flags.rounds, flags.batch, flags.batchThreads, database);
    }

    /** The length of one measured slice. */
    Duration slice() {
        return measure.dividedBy(rounds);
    }
}
