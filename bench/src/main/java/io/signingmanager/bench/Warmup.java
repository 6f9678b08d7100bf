package io.signingmanager.bench;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Waits out the warm-up: at least the minimum, then until the JIT compilers have gone quiet, at most
 * the maximum. The service's request path (Jetty, TLS, H2, Jackson, the JDK's HttpClient) is a lot of
 * code; on two busy cores its compilation takes a minute or more, and measuring before it ends
 * measures the compiler.
 */
final class Warmup {
    private static final long POLL_MILLIS = 500;
    private static final int SPAN_POLLS = 6;
    // Quiet: the compilers spent under 2% of the time looked at.
    private static final double QUIET_SHARE = 0.02;

    private Warmup() {
    }

    /** Answers how long it waited. */
    static Duration await(Duration minimum, Duration maximum) throws InterruptedException {
        boolean measurable = CpuMeter.compileMillis() > 0;
        long started = System.nanoTime();
        ArrayDeque<Long> compileMillis = new ArrayDeque<>();
        while (true) {
            long waited = System.nanoTime() - started;
            if (waited >= maximum.toNanos()) {
                return Duration.ofNanos(waited);
            }
            if (measurable) {
                compileMillis.addLast(CpuMeter.compileMillis());
                if (compileMillis.size() > SPAN_POLLS + 1) {
                    compileMillis.removeFirst();
                }
            }
            if (waited >= minimum.toNanos() && (!measurable || quiet(compileMillis))) {
                return Duration.ofNanos(waited);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static boolean quiet(ArrayDeque<Long> compileMillis) {
        return compileMillis.size() > SPAN_POLLS
                && compileMillis.getLast() - compileMillis.getFirst() < QUIET_SHARE * POLL_MILLIS * SPAN_POLLS;
    }

    /**
     * Gives the phases unmeasured turns, one after the other, until a whole round of turns leaves the
     * JIT quiet, at most {@code maximum}. A phase warmed alone still
     * recompiles once the other has run: both use JDK code (BigInteger, the RSA and EC classes) whose
     * profile the switch changes, and that compilation would otherwise land in the first measured slices.
     */
    static void settle(List<LoadPhase> phases, Duration turn, Duration maximum) throws Exception {
        long started = System.nanoTime();
        do {
            long before = CpuMeter.compileMillis();
            for (LoadPhase phase : phases) {
                phase.warmFor(turn);
            }
            if (CpuMeter.compileMillis() - before < QUIET_SHARE * turn.toMillis() * phases.size()) {
                break;
            }
        } while (System.nanoTime() - started < maximum.toNanos());
    }
}
