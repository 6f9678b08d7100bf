package io.signingmanager.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N threads signing digests in a loop while their gate is open: first a warm-up (see {@link Warmup}),
 * then measured slices. Slices of the service and of the JDK alternate, so load from elsewhere on
 * the machine weighs on both alike. An operation counts when it starts and ends inside a slice;
 * ops/s is that count over the slices' length. The first failure stops the phase, since a benchmark
 * that counts errors as work says nothing.
 */
final class LoadPhase implements AutoCloseable {
    /** One thread's way to sign; made on that thread, so a client's connection belongs to it. */
    @FunctionalInterface
    interface Worker {
        void sign(byte[] digest) throws Exception;
    }

    @FunctionalInterface
    interface WorkerFactory {
        Worker create(int thread) throws Exception;
    }

    /**
     * The measured slices' figures. {@code processCpuNanos} is what the whole process spent meanwhile
     * (clients, service, JIT compiler and GC alike), {@code serviceCpuNanos} what the service's own
     * request threads spent, {@code compileMillis} what the JIT compilers spent (in the process's figure
     * too; near zero when the warm-up did its job). {@code signaturesPerOp} is more than one for a sign-batch phase.
     */
    record Result(String name, Duration warmup, Duration measured, LatencyRecorder.Percentiles latency,
                  long processCpuNanos, long serviceCpuNanos, long compileMillis, int signaturesPerOp) {
        double opsPerSecond() {
            return latency.count() / (measured.toNanos() / 1e9);
        }

        double signaturesPerSecond() {
            return opsPerSecond() * signaturesPerOp;
        }

        double cpuMillisPerOp() {
            return processCpuNanos / 1e6 / latency.count();
        }

        double serviceCpuMillisPerOp() {
            return serviceCpuNanos / 1e6 / latency.count();
        }
    }

    private final String name;
    private final int signaturesPerOp;
    private final List<Thread> threads = new ArrayList<>();
    private final List<LatencyRecorder> recorders = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final Object gate = new Object();
    private volatile boolean open;
    private volatile boolean stopped;
    // The slice being measured; an operation counts when it lies inside [sliceStart, sliceEnd].
    private volatile long sliceStart = Long.MAX_VALUE;
    private volatile long sliceEnd = Long.MAX_VALUE;
    private Duration warmup = Duration.ZERO;
    private Duration measured = Duration.ZERO;
    private long processCpuNanos;
    private long serviceCpuNanos;
    private long compileMillis;

    private LoadPhase(String name, int signaturesPerOp) {
        this.name = name;
        this.signaturesPerOp = signaturesPerOp;
    }

    /** Starts the threads, each making its worker, and answers once all are ready (gate closed). */
    static LoadPhase start(String name, int count, List<byte[]> digests, WorkerFactory factory) throws Exception {
        return start(name, count, 1, digests, factory);
    }

    /** As {@link #start(String, int, List, WorkerFactory)}, for workers making {@code signaturesPerOp} per operation. */
    static LoadPhase start(String name, int count, int signaturesPerOp, List<byte[]> digests, WorkerFactory factory)
            throws Exception {
        LoadPhase phase = new LoadPhase(name, signaturesPerOp);
        CountDownLatch ready = new CountDownLatch(count);
        for (int t = 0; t < count; t++) {
            int thread = t;
            LatencyRecorder recorder = new LatencyRecorder();
            phase.recorders.add(recorder);
            Thread worker = new Thread(() -> {
                try {
                    Worker signer;
                    try {
                        signer = factory.create(thread);
                    } finally {
                        ready.countDown();
                    }
                    phase.loop(signer, recorder, digests, thread, count);
                } catch (Exception e) {
                    phase.failure.compareAndSet(null, e);
                }
            }, "bench-" + name.replace(' ', '-') + "-" + thread);
            phase.threads.add(worker);
            worker.start();
        }
        ready.await();
        phase.check();
        return phase;
    }

    /** Runs unmeasured until the JIT is quiet (at least {@code minimum}, at most {@code maximum}). */
    void warm(Duration minimum, Duration maximum) throws Exception {
        openGate();
        try {
            warmup = warmup.plus(Warmup.await(minimum, maximum));
        } finally {
            closeGate();
        }
        check();
    }

    /** Runs unmeasured for {@code length}, counted as warm-up. */
    void warmFor(Duration length) throws Exception {
        long start = System.nanoTime();
        openGate();
        try {
            sleepUntil(start + length.toNanos());
        } finally {
            closeGate();
        }
        warmup = warmup.plus(length);
        check();
    }

    /** One measured slice. */
    void measure(Duration length) throws Exception {
        CpuMeter meter = CpuMeter.start();
        long start = System.nanoTime();
        sliceEnd = start + length.toNanos();
        sliceStart = start;
        openGate();
        try {
            sleepUntil(start + length.toNanos());
        } finally {
            closeGate();
        }
        CpuMeter.Spent spent = meter.stop();
        measured = measured.plus(length);
        processCpuNanos += spent.processNanos();
        serviceCpuNanos += spent.serviceNanos();
        compileMillis += spent.compileMillis();
        check();
    }

    Result result() {
        return new Result(name, warmup, measured, LatencyRecorder.merge(recorders), processCpuNanos, serviceCpuNanos,
                compileMillis, signaturesPerOp);
    }

    /** Stops the threads once their operation in flight is done. */
    @Override
    public void close() {
        stopped = true;
        synchronized (gate) {
            gate.notifyAll();
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop(Worker signer, LatencyRecorder recorder, List<byte[]> digests, int thread, int count)
            throws Exception {
        int next = thread;
        while (awaitOpen()) {
            try {
                long start = System.nanoTime();
                signer.sign(digests.get(next % digests.size()));
                long end = System.nanoTime();
                next += count;
                if (start >= sliceStart && end <= sliceEnd) {
                    recorder.record(end - start);
                }
            } finally {
                busy.decrementAndGet();
            }
        }
    }

    /** Marks this thread busy once the gate is open; false when the phase is over. */
    private boolean awaitOpen() throws InterruptedException {
        while (true) {
            // Busy before looking at the gate: closeGate() then either sees this thread busy or it sees the gate shut.
            busy.incrementAndGet();
            if (open && failure.get() == null && !stopped) {
                return true;
            }
            busy.decrementAndGet();
            synchronized (gate) {
                while (!open && !stopped) {
                    gate.wait();
                }
            }
            if (stopped || failure.get() != null) {
                return false;
            }
        }
    }

    private void openGate() {
        synchronized (gate) {
            open = true;
            gate.notifyAll();
        }
    }

    /** Shuts the gate and waits for the operations in flight, so slices of two phases never overlap. */
    private void closeGate() throws InterruptedException {
        open = false;
        while (busy.get() > 0 && failure.get() == null) {
            Thread.sleep(1);
        }
    }

    private void check() {
        if (failure.get() != null) {
            throw new IllegalStateException("Phase " + name + " failed: " + failure.get(), failure.get());
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
