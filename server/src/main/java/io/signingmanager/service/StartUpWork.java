package io.signingmanager.service;

import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up work that the service's start would otherwise do on its one thread, measured with
 * {@code signing-bench cold} (docs/performance.md, "Start-up"):
 * <ul>
 * <li>Jetty's {@code MemoryUtils} asks the platform MBean server whether the JVM compresses its
 *     references, unless {@code org.eclipse.jetty.util.referencesPerCacheLine} says it: that starts
 *     JMX and every platform MXBean (JFR's too), about a tenth of the whole start, for a padding size.
 *     The property is set here, from the heap's size, unless the operator set it.</li>
 * <li>Jetty's {@code MimeTypes} lists {@link Locale#getAvailableLocales()} when it is first used, and
 *     the first TLS context builds the JDK's TLS provider and reads its trust store: both are done
 *     beforehand on a second thread while the first reads the flags and opens the database. The JDK keeps
 *     both, and both are safe from any thread; a thread that needs one first waits for it. (Not logging:
 *     slf4j set up on two threads at once replays the other's first lines with a warning.)</li>
 * <li>The TLS identity is read or made ({@link #beside}) while the database opens.</li>
 * </ul>
 */
final class StartUpWork {
    private static final Logger LOG = LoggerFactory.getLogger(StartUpWork.class);
    private static final AtomicBoolean BEGUN = new AtomicBoolean();
    private static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";
    /** The JVM compresses its references for heaps below this size (the default, -XX:+UseCompressedOops). */
    private static final long COMPRESSED_REFERENCES_BELOW = 32L << 30;

    private StartUpWork() {
    }

    /** Sets what Jetty would ask JMX, and starts the rest on a daemon thread; once per process. */
    static void begin() {
        if (!BEGUN.compareAndSet(false, true)) {
            return;
        }
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            int referenceBytes = Runtime.getRuntime().maxMemory() < COMPRESSED_REFERENCES_BELOW ? 4 : 8;
            int cacheLineBytes = Integer.getInteger("org.eclipse.jetty.util.cacheLineBytes", 64);
            System.setProperty(REFERENCES_PER_CACHE_LINE, String.valueOf(Math.max(1, cacheLineBytes / referenceBytes)));
        }
        Thread work = new Thread(StartUpWork::warm, "signing-service-start-up");
        work.setDaemon(true);
        work.start();
    }

    private static void warm() {
        Locale.getAvailableLocales();
        try {
            SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            // The TLS set-up itself says what is wrong, on the start's own thread.
            LOG.debug("No default TLS context yet", e);
        }
    }

    /** A step of the start that may run beside its own thread. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws Exception;
    }

    /** Runs {@code step} on a thread of its own; {@link #await} waits for it. */
    static <T> CompletableFuture<T> beside(Step<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(step.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "signing-service-start");
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** The step's result, or its failure as it was thrown. */
    static <T> T await(CompletableFuture<T> step) throws Exception {
        try {
            return step.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
