package io.signingmanager.bench;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The result tables: per algorithm, the service's and the fastest raw signer's throughput and latency
 * with their ratio, then what one signature cost in CPU time, which says more than ops/s on a busy machine.
 */
final class Report {
    private static final String ROW = "| %-25s | %9s | %6s | %6s | %-16s | %9s | %6s | %6s | %17s |%n";
    private static final String CPU_ROW = "| %-25s | %12s | %13s | %12s | %13s | %11s | %13s | %11s |%n";
    private static final String BATCH_ROW = "| %-25s | %9s | %11s | %12s | %11s | %11s | %11s |%n";
    private static final String LIGHTEST_ROW = "| %-25s | %10s | %13s | %13s | %13s | %12s |%n";
    /** Issue 18's goal for single P-256 calls: at least this share of the fastest raw signer's rate. */
    private static final double ECDSA_GOAL = 0.25;

    private Report() {
    }

    /**
     * One algorithm's phases: the service and the raw signers measured, {@link #raw()} the fastest of them;
     * what the service's own sign and verify cost on one thread; {@code batch}, the service through
     * sign-batch, and {@code lightest}, the lightest call beside it, each {@code null} when not measured.
     */
    record Row(BenchIdentity identity, LoadPhase.Result service, List<LoadPhase.Result> raws, EngineCost engine,
               LoadPhase.Result batch, LoadPhase.Result lightest) {
        LoadPhase.Result raw() {
            return raws.stream().max(Comparator.comparingDouble(LoadPhase.Result::opsPerSecond)).orElseThrow();
        }

        double ratio() {
            return service.opsPerSecond() / raw().opsPerSecond();
        }

        String algorithm() {
            return identity.algorithm().name() + " " + identity.label();
        }

        /** The fastest raw signer's name, e.g. "raw BC P-256". */
        String fastest() {
            return raw().name();
        }
    }

    static void print(PrintStream out, Iterable<Row> rows) {
        out.printf(Locale.ROOT, ROW, "algorithm", "service/s", "p50 ms", "p99 ms", "fastest raw", "raw/s", "p50 ms",
                "p99 ms", "ratio service/raw");
        out.printf(Locale.ROOT, ROW, "-".repeat(25), rule(9), rule(6), rule(6), "-".repeat(16), rule(9), rule(6),
                rule(6), rule(17));
        for (Row row : rows) {
            out.printf(Locale.ROOT, ROW, row.algorithm(),
                    number(row.service().opsPerSecond(), 0), number(row.service().latency().p50Millis(), 2),
                    number(row.service().latency().p99Millis(), 2), row.fastest(), number(row.raw().opsPerSecond(), 0),
                    number(row.raw().latency().p50Millis(), 2), number(row.raw().latency().p99Millis(), 2),
                    number(row.ratio(), 2));
        }
        out.println();
        out.println("CPU time per signature, ms (whole process: clients, service, JIT and GC; own: the service's "
                + "request and batch-signing threads only, split into its signing code's sign and verify on one thread and the rest)");
        out.printf(Locale.ROOT, CPU_ROW, "algorithm", "service: all", "service: own", "raw", "raw/own", "own: sign",
                "own: verify", "own: rest");
        out.printf(Locale.ROOT, CPU_ROW, "-".repeat(25), rule(12), rule(13), rule(12), rule(13), rule(11), rule(13),
                rule(11));
        for (Row row : rows) {
            double own = row.service().serviceCpuMillisPerOp();
            out.printf(Locale.ROOT, CPU_ROW, row.algorithm(), number(row.service().cpuMillisPerOp(), 2),
                    number(own, 2), number(row.raw().cpuMillisPerOp(), 2), number(row.raw().cpuMillisPerOp() / own, 2),
                    number(row.engine().signMillis(), 3), number(row.engine().verifyMillis(), 3),
                    number(row.engine().restOf(own), 3));
        }
        printBatches(out, rows);
        printLightest(out, rows);
    }

    /**
     * The lightest call next to the sign call it was measured beside, and what CPU a call may take in all for the
     * sign calls to reach {@link #ECDSA_GOAL} of the fastest raw signer on this machine's cores.
     */
    private static void printLightest(PrintStream out, Iterable<Row> rows) {
        for (Row row : rows) {
            LoadPhase.Result lightest = row.lightest();
            if (lightest == null) {
                continue;
            }
            out.println();
            out.println("The lightest call (GET /api/v1/version on the same kind of connection and threads: TLS, HTTP and "
                    + "the router; no token, lookup, signature or audit) beside the sign call (CPU ms per call: whole process"
                    + " / service threads)");
            out.printf(Locale.ROOT, LIGHTEST_ROW, "algorithm", "lightest/s", "CPU lightest", "CPU sign call",
                    "beyond it", "sign+verify");
            out.printf(Locale.ROOT, LIGHTEST_ROW, "-".repeat(25), rule(10), rule(13), rule(13), rule(13), rule(12));
            LoadPhase.Result service = row.service();
            double signAndVerify = row.engine().signMillis() + row.engine().verifyMillis();
            out.printf(Locale.ROOT, LIGHTEST_ROW, row.algorithm(), number(lightest.opsPerSecond(), 0),
                    number(lightest.cpuMillisPerOp(), 3) + "/" + number(lightest.serviceCpuMillisPerOp(), 3),
                    number(service.cpuMillisPerOp(), 3) + "/" + number(service.serviceCpuMillisPerOp(), 3),
                    number(service.cpuMillisPerOp() - lightest.cpuMillisPerOp(), 3) + "/"
                            + number(service.serviceCpuMillisPerOp() - lightest.serviceCpuMillisPerOp(), 3),
                    number(signAndVerify, 3));
            int cores = Runtime.getRuntime().availableProcessors();
            double goalRate = ECDSA_GOAL * row.raw().opsPerSecond();
            out.printf(Locale.ROOT, "At %.2f of %s (%.0f calls/s) %d cores have %.3f ms of CPU a call for everything; the "
                            + "lightest call's %.3f and the service's sign and verify %.3f already take %.3f.%n", ECDSA_GOAL,
                    row.fastest(), goalRate, cores, cores * 1000 / goalRate, lightest.cpuMillisPerOp(), signAndVerify,
                    lightest.cpuMillisPerOp() + signAndVerify);
        }
    }

    /** Signatures/s through sign-batch next to single sign calls, and what a signature cost in CPU either way. */
    private static void printBatches(PrintStream out, Iterable<Row> rows) {
        boolean header = false;
        for (Row row : rows) {
            LoadPhase.Result batch = row.batch();
            if (batch == null) {
                continue;
            }
            if (!header) {
                out.println();
                out.println("sign-batch, " + batch.signaturesPerOp() + " digests per call, against single sign calls "
                        + "(CPU ms per signature: whole process / service threads)");
                out.printf(Locale.ROOT, BATCH_ROW, "algorithm", "single/s", "batch sig/s", "batch/single", "call p50 ms",
                        "CPU single", "CPU batch");
                out.printf(Locale.ROOT, BATCH_ROW, "-".repeat(25), rule(9), rule(11), rule(12), rule(11), rule(11),
                        rule(11));
                header = true;
            }
            out.printf(Locale.ROOT, BATCH_ROW, row.algorithm(), number(row.service().opsPerSecond(), 0),
                    number(batch.signaturesPerSecond(), 0),
                    number(batch.signaturesPerSecond() / row.service().opsPerSecond(), 2),
                    number(batch.latency().p50Millis(), 1),
                    number(row.service().cpuMillisPerOp(), 2) + "/" + number(row.service().serviceCpuMillisPerOp(), 2),
                    number(batch.cpuMillisPerOp() / batch.signaturesPerOp(), 2) + "/"
                            + number(batch.serviceCpuMillisPerOp() / batch.signaturesPerOp(), 2));
        }
    }

    private static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String rule(int width) {
        return "-".repeat(width - 1) + ":";
    }
}
