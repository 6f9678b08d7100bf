package io.signingmanager.bench;

import java.time.Duration;

/** The benchmark's flags. */
record Options(int threads, Duration measure, Duration warmup, Duration maxWarmup) {
    static final String USAGE = """
            Usage: java -jar signing-bench.jar [--threads N] [--seconds S] [--warmup S] [--max-warmup S]
              --threads N       concurrent clients, each with its own keep-alive connection (default 8)
              --seconds S       measured time of each phase (default 10)
              --warmup S        shortest warm-up before each phase (default 5); the warm-up then goes on
                                until the JIT compilers are quiet
              --max-warmup S    longest warm-up before each phase (default 180)
            """;

    static Options parse(String[] args) {
        int threads = 8;
        int seconds = 10;
        int warmup = 5;
        int maxWarmup = 180;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Flag " + flag + " needs a value");
            }
            int value = number(flag, args[++i]);
            switch (flag) {
                case "--threads" -> threads = value;
                case "--seconds" -> seconds = value;
                case "--warmup" -> warmup = value;
                case "--max-warmup" -> maxWarmup = value;
                default -> throw new IllegalArgumentException("Unknown flag " + flag);
            }
        }
        if (threads < 1 || seconds < 1 || warmup < 0 || maxWarmup < warmup) {
            throw new IllegalArgumentException(
                    "--threads and --seconds must be at least 1, --warmup at least 0 and --max-warmup at least --warmup");
        }
        return new Options(threads, Duration.ofSeconds(seconds), Duration.ofSeconds(warmup), Duration.ofSeconds(maxWarmup));
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Flag " + flag + " needs a whole number, got " + value, e);
        }
    }
}
