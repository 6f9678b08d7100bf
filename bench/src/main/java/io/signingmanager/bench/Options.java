package io.signingmanager.bench;

import io.signingmanager.service.storage.ExternalDatabase;
import java.time.Duration;

/** The benchmark's flags. */
record Options(int threads, Duration measure, Duration warmup, Duration maxWarmup, int rounds, ExternalDatabase database) {
    static final String USAGE = """
            Usage: java -jar signing-bench.jar [--threads N] [--seconds S] [--rounds R] [--warmup S] [--max-warmup S]
                                               [--database-url jdbc:postgresql://HOST:PORT/DATABASE]
              --threads N       concurrent clients, each with its own keep-alive connection (default 8)
              --seconds S       measured time of each phase (default 10)
              --rounds R        the measured time is cut into R slices, service and raw taking turns,
                                so load from elsewhere on the machine weighs on both alike (default 5)
              --warmup S        shortest warm-up before each phase (default 5); the warm-up then goes on
                                until the JIT compilers are quiet, then both phases take unmeasured turns
                                until switching between them leaves the JIT quiet too
              --max-warmup S    longest warm-up before each phase, and longest run of unmeasured turns
                                (default 180)
              --database-url U  the service keeps its state and audit in this empty PostgreSQL database
                                (user and password from SIGNING_SERVICE_DATABASE_USER and _PASSWORD)
                                instead of the embedded H2 in its temporary data folder
            """;

    static Options parse(String[] args) {
        int threads = 8;
        int seconds = 10;
        int warmup = 5;
        int maxWarmup = 180;
        int rounds = 5;
        ExternalDatabase database = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Flag " + flag + " needs a value");
            }
            if (flag.equals("--database-url")) {
                database = new ExternalDatabase(args[++i], System.getenv("SIGNING_SERVICE_DATABASE_USER"),
                        System.getenv("SIGNING_SERVICE_DATABASE_PASSWORD"));
                continue;
            }
            int value = number(flag, args[++i]);
            switch (flag) {
                case "--threads" -> threads = value;
                case "--seconds" -> seconds = value;
                case "--warmup" -> warmup = value;
                case "--max-warmup" -> maxWarmup = value;
                case "--rounds" -> rounds = value;
                default -> throw new IllegalArgumentException("Unknown flag " + flag);
            }
        }
        if (threads < 1 || seconds < 1 || rounds < 1 || warmup < 0 || maxWarmup < warmup) {
            throw new IllegalArgumentException("--threads, --seconds and --rounds must be at least 1, --warmup at least 0 "
                    + "and --max-warmup at least --warmup");
        }
        return new Options(threads, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup), Duration.ofSeconds(maxWarmup),
                rounds, database);
    }

    /** The length of one measured slice. */
    Duration slice() {
        return measure.dividedBy(rounds);
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Flag " + flag + " needs a whole number, got " + value, e);
        }
    }
}
