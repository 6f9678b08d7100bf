package io.signingmanager.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** One round of the files benchmark: {@code sha256sum} and the signing of the same file, in nanoseconds. */
record FileRound(long bytes, long sha256sumNanos, long signNanos) {
    private static final double MIB = 1 << 20;

    /** Signing throughput over {@code sha256sum}'s. */
    double ratio() {
        return (double) sha256sumNanos / signNanos;
    }

    /** A line with each side's seconds and MiB/s, then the ratio. */
    String describe(String name) {
        return String.format(Locale.ROOT, "%-7s sha256sum %6.2f s %7.1f MiB/s | signing %6.2f s %7.1f MiB/s | ratio %.3f",
                name, seconds(sha256sumNanos), mibPerSecond(sha256sumNanos), seconds(signNanos), mibPerSecond(signNanos),
                ratio());
    }

    /** The median time of each side over the rounds (the ratio is then that of the medians). */
    static FileRound median(List<FileRound> rounds) {
        return new FileRound(rounds.get(0).bytes(), median(rounds, FileRound::sha256sumNanos), median(rounds, FileRound::signNanos));
    }

    private static long median(List<FileRound> rounds, ToLongFunction<FileRound> side) {
        long[] sorted = rounds.stream().mapToLong(side).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private double mibPerSecond(long nanos) {
        return bytes / MIB / seconds(nanos);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
