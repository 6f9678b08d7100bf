package io.signingmanager.bench;

import java.util.Arrays;

/** One thread's latencies in nanoseconds; merged after the phase into percentiles. */
final class LatencyRecorder {
    private long[] nanos = new long[4096];
    private int count;

    void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    int count() {
        return count;
    }

    /** Percentiles over every recorder's values. */
    record Percentiles(long count, double p50Millis, double p99Millis) {
    }

    static Percentiles merge(Iterable<LatencyRecorder> recorders) {
        int total = 0;
        for (LatencyRecorder recorder : recorders) {
            total += recorder.count;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyRecorder recorder : recorders) {
            System.arraycopy(recorder.nanos, 0, all, at, recorder.count);
            at += recorder.count;
        }
        Arrays.sort(all);
        return new Percentiles(total, millis(all, 0.50), millis(all, 0.99));
    }

    /** Nearest-rank percentile. */
    private static double millis(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
    }
}
