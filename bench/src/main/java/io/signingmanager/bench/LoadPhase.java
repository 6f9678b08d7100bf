package io.signingmanager.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * N threads signing digests in a loop: a warm-up (see {@link Warmup}), then a measured window. An
 * operation counts when it starts and ends inside the window; ops/s is that count over the window's
 * length. The first failure stops the phase, since a benchmark that counts errors as work says nothing.
 */
final class LoadPhase {
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
     * The measured window's figures. {@code cpu} is what the whole process spent in the window
     * (clients, service, JIT compiler and GC alike) and what the service's own threads spent.
     */
    record Result(String name, int threads, Duration warmup, Duration window, LatencyRecorder.Percentiles latency,
                  CpuMeter.Spent cpu) {
        double opsPerSecond() {
            return latency.count() / (window.toNanos() / 1e9);
        }

        /** CPU milliseconds per operation: what an operation costs, whatever else the machine runs. */
        double cpuMillisPerOp() {
            return cpu.processNanos() / 1e6 / latency.count();
        }

        double serviceCpuMillisPerOp() {
            return cpu.serviceNanos() / 1e6 / latency.count();
        }
    }

    /** The measured window, open-ended until the warm-up is over. */
    private static final class Window {
        volatile long start = Long.MAX_VALUE;
        volatile long end = Long.MAX_VALUE;

        /** End first: a worker that sees the new start then sees the new end too. */
        void open(long now, Duration length) {
            end = now + length.toNanos();
            start = now;
        }
    }

    private LoadPhase() {
    }

    static Result run(String name, Options options, List<byte[]> digests, WorkerFactory factory) throws Exception {
        int threads = options.threads();
        List<LatencyRecorder> recorders = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Window window = new Window();
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            LatencyRecorder recorder = new LatencyRecorder();
            recorders.add(recorder);
            Thread worker = new Thread(() -> {
                try {
                    Worker signer;
                    try {
                        signer = factory.create(thread);
                    } finally {
                        ready.countDown();
                    }
                    go.await();
                    loop(signer, recorder, digests, thread, threads, window, failure);
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-" + name.replace(' ', '-') + "-" + thread);
            running.add(worker);
            worker.start();
        }
        ready.await();
        go.countDown();
        Duration warmup = Warmup.await(options.warmup(), options.maxWarmup());
        CpuMeter meter = CpuMeter.start();
        long start = System.nanoTime();
        window.open(start, options.measure());
        sleepUntil(start + options.measure().toNanos());
        CpuMeter.Spent cpu = meter.stop();
        for (Thread worker : running) {
            worker.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Phase " + name + " failed: " + failure.get(), failure.get());
        }
        return new Result(name, threads, warmup, options.measure(), LatencyRecorder.merge(recorders), cpu);
    }

    private static void loop(Worker signer, LatencyRecorder recorder, List<byte[]> digests, int thread, int threads,
                             Window window, AtomicReference<Exception> failure) throws Exception {
        int next = thread;
        while (failure.get() == null) {
            long start = System.nanoTime();
            if (start >= window.end) {
                return;
            }
            signer.sign(digests.get(next % digests.size()));
            next += threads;
            long end = System.nanoTime();
            if (start >= window.start && end <= window.end) {
                recorder.record(end - start);
            }
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }
}
