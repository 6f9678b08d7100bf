package io.signingmanager.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Waits out the warm-up: at least the minimum, then until the JIT compilers have gone quiet, at most
 * the maximum. The service's request path (Jetty, TLS, H2, Jackson, the JDK's HttpClient) is a lot of
 * code; on two busy cores its compilation takes a minute or more, and measuring before it ends
 * measures the compiler.
 */
final class Warmup {
    private static final long POLL_MILLIS = 500;
    private static final int SPAN_POLLS = 6;
    // Quiet: the compilers spent under 2% of the last three seconds.
    private static final long QUIET_COMPILE_MILLIS = 60;

    private Warmup() {
    }

    /** Answers how long it waited. */
    static Duration await(Duration minimum, Duration maximum) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean measurable = jit != null && jit.isCompilationTimeMonitoringSupported();
        long started = System.nanoTime();
        ArrayDeque<Long> compileMillis = new ArrayDeque<>();
        while (true) {
            long waited = System.nanoTime() - started;
            if (waited >= maximum.toNanos()) {
                return Duration.ofNanos(waited);
            }
            if (measurable) {
                compileMillis.addLast(jit.getTotalCompilationTime());
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
        return compileMillis.size() > SPAN_POLLS && compileMillis.getLast() - compileMillis.getFirst() < QUIET_COMPILE_MILLIS;
    }
}
