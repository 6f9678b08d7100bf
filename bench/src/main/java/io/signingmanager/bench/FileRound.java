package io.signingmanager.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * One round of the files benchmark, in nanoseconds: {@code sha256sum} and {@code openssl dgst -sha256}
 * hashing the file, and the signing of the same file.
 */
record FileRound(long bytes, long sha256sumNanos, long opensslNanos, long signNanos) {
    private static final double MIB = 1 << 20;

    /** The faster of the two hashers, the baseline signing is held to. */
    long fastestHashNanos() {
        return Math.min(sha256sumNanos, opensslNanos);
    }

    /** Signing time over the faster hasher's (issue 18's goal: at most 2). */
    double ratio() {
        return (double) signNanos / fastestHashNanos();
    }

    /** A line with each side's seconds and MiB/s, then the ratio. */
    String describe(String name) {
        return String.format(Locale.ROOT, "%-7s sha256sum %6.2f s | openssl dgst %6.2f s %7.1f MiB/s | signing %6.2f s"
                        + " %7.1f MiB/s | signing / %s %.2f", name, seconds(sha256sumNanos), seconds(opensslNanos),
                mibPerSecond(opensslNanos), seconds(signNanos), mibPerSecond(signNanos),
                opensslNanos <= sha256sumNanos ? "openssl" : "sha256sum", ratio());
    }

    /** The median time of each side over the rounds (the ratio is then that of the medians). */
    static FileRound median(List<FileRound> rounds) {
        return new FileRound(rounds.get(0).bytes(), median(rounds, FileRound::sha256sumNanos),
                median(rounds, FileRound::opensslNanos), median(rounds, FileRound::signNanos));
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
