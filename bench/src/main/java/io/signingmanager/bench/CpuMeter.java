package io.signingmanager.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/** CPU time of this process and of the service's request threads, and the JIT's time, between two readings. */
final class CpuMeter {
    // The name of the service's Jetty thread pool (SigningService.createServer), which runs every request,
    // and the start of its batch signers' names (ParallelSigner), which sign a sign-batch's items beside it.
    private static final String SERVICE_THREADS = "signing-service";

    private final long processNanos;
    private final Map<Long, Long> serviceThreadNanos;
    private final long compileMillis;

    private CpuMeter(long processNanos, Map<Long, Long> serviceThreadNanos, long compileMillis) {
        this.processNanos = processNanos;
        this.serviceThreadNanos = serviceThreadNanos;
        this.compileMillis = compileMillis;
    }

    static CpuMeter start() {
        return new CpuMeter(processCpuNanos(), serviceThreadsCpu(), compileMillis());
    }

    /** What was spent since {@link #start}. */
    record Spent(long processNanos, long serviceNanos, long compileMillis) {
    }

    Spent stop() {
        long service = 0;
        for (Map.Entry<Long, Long> thread : serviceThreadsCpu().entrySet()) {
            service += thread.getValue() - serviceThreadNanos.getOrDefault(thread.getKey(), 0L);
        }
        return new Spent(processCpuNanos() - processNanos, service, compileMillis() - compileMillis);
    }

    /** The JIT compilers' total time so far, or 0 where the JVM does not tell. */
    static long compileMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static Map<Long, Long> serviceThreadsCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(SERVICE_THREADS)) {
                long nanos = threads.getThreadCpuTime(info.getThreadId());
                if (nanos > 0) {
                    cpu.put(info.getThreadId(), nanos);
                }
            }
        }
        return cpu;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
