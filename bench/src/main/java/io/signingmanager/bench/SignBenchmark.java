package io.signingmanager.bench;

import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Signs through a real Signing Service (HTTPS, keep-alive, audit on) from several concurrent
 * clients, then signs the same digests with the JDK in this process, and prints how the two compare.
 * <pre>
 * setup:   service on a random port, temp data folder, admin first sign-in, .p12 imports, API key, client
 * service: RSA_PKCS1_SHA256 (RSA-2048), ECDSA_SHA256 (P-256); N threads, one connection each
 * raw:     the same algorithms with NONEwithRSA / NONEwithECDSA, N threads
 * </pre>
 */
public final class SignBenchmark {
    private static final int DIGESTS = 1024;

    private SignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.print(Options.USAGE);
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "signing-bench: %d threads; per phase a warm-up of %d to %d s (until the JIT "
                        + "is quiet), then %d s measured; %d cores, Java %s (%s); load average %.2f%n",
                options.threads(), options.warmup().toSeconds(), options.maxWarmup().toSeconds(),
                options.measure().toSeconds(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), loadAverage());
        List<BenchIdentity> identities = List.of(BenchIdentity.rsa2048(), BenchIdentity.p256());
        List<byte[]> digests = randomDigests();

        List<LoadPhase.Result> service = new ArrayList<>();
        try (BenchmarkSetup setup = BenchmarkSetup.start(identities)) {
            for (BenchIdentity identity : identities) {
                service.add(phase("service " + identity.label(), options, digests,
                        Signers.service(setup, identity, digests.get(0))));
            }
        }
        List<Report.Row> rows = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            BenchIdentity identity = identities.get(i);
            LoadPhase.Result raw = phase("raw " + identity.label(), options, digests, Signers.raw(identity));
            rows.add(new Report.Row(identity, service.get(i), raw));
        }
        System.out.printf(Locale.ROOT, "%nload average at the end %.2f%n%n", loadAverage());
        Report.print(System.out, rows);
    }

    private static LoadPhase.Result phase(String name, Options options, List<byte[]> digests,
                                          LoadPhase.WorkerFactory workers) throws Exception {
        System.out.printf(Locale.ROOT, "%-16s ", name);
        System.out.flush();
        LoadPhase.Result result = LoadPhase.run(name, options, digests, workers);
        System.out.printf(Locale.ROOT, "%8.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  CPU %5.2f ms/op  "
                        + "(%d signatures after %d s of warm-up)%n",
                result.opsPerSecond(), result.latency().p50Millis(), result.latency().p99Millis(),
                result.cpuMillisPerOp(), result.latency().count(), result.warmup().toSeconds());
        return result;
    }

    private static List<byte[]> randomDigests() {
        SecureRandom random = new SecureRandom();
        List<byte[]> digests = new ArrayList<>(DIGESTS);
        for (int i = 0; i < DIGESTS; i++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            digests.add(digest);
        }
        return List.copyOf(digests);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
