package io.signingmanager.bench;

import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.text.Plural;
import io.signingmanager.service.storage.ExternalDatabase;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Signs through a real Signing Service (HTTPS, keep-alive, audit on) from several concurrent
 * clients and signs the same digests in this process with the JDK (and, for ECDSA, BouncyCastle's
 * lightweight API), then prints how the service compares with the fastest raw signer.
 * <pre>
 * setup:   service on a random port, temp data folder, admin first sign-in, .p12 imports, API key, client
 * per algorithm (RSA_PKCS1_SHA256 on RSA-2048, ECDSA_SHA256 on P-256):
 *   service: N threads, one HTTPS connection each      raw: N threads, NONEwithRSA / NONEwithECDSA,
 *   batch: T threads, B digests per sign-batch call    and for P-256 BouncyCastle's ECDSASigner too
 *   beside P-256, the lightest call: N threads, GET /api/v1/version (TLS, HTTP and the router; no work)
 *   warm-up of each until the JIT is quiet, then of both taking turns until the JIT stays quiet across the
 *   switch, then measured slices taking turns: service, raw, service, ...
 * </pre>
 */
public final class SignBenchmark {
    private static final int DIGESTS = 1024;

    private SignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.print(Options.usage());
            System.out.print(Pkcs11Benchmark.Options.usage());
            System.out.print(FilesBenchmark.usage());
            System.out.print(ManyFilesBenchmark.usage());
            System.out.print(ColdBenchmark.usage());
            System.out.print(BackupBenchmark.usage());
            return;
        }
        if (args.length > 0 && args[0].equals("pkcs11")) {
            System.exit(Pkcs11Benchmark.runInChild(List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("cold")) {
            System.exit(ColdBenchmark.run(List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("backup")) {
            System.exit(BackupBenchmark.run(List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("files")) {
            System.exit(FilesBenchmark.run(List.of(args).subList(1, args.length)));
        }
        if (args.length > 0 && args[0].equals("many-files")) {
            System.exit(ManyFilesBenchmark.run(List.of(args).subList(1, args.length)));
        }
        Options options = Options.parsedOrUsage(() -> Options.parse(args), Options.usage());
        if (options == null) {
            System.exit(2);
            return;
        }
        System.out.printf(Locale.ROOT, "signing-bench: %s; per phase a warm-up of %d to %d s (until the JIT "
                        + "is quiet), then %d s measured in %s; %s, Java %s (%s); database %s; load average %.2f%n",
                Plural.of(options.threads(), "thread", "threads"), options.warmup().toSeconds(),
                options.maxWarmup().toSeconds(), options.measure().toSeconds(), Plural.of(options.rounds(), "slice", "slices"),
                Plural.of(Runtime.getRuntime().availableProcessors(), "core", "cores"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
                ExternalDatabase.nameOf(options.database()), loadAverage());
        List<BenchIdentity> identities = List.of(BenchIdentity.rsa2048(), BenchIdentity.p256());
        List<byte[]> digests = randomDigests();
        List<Report.Row> rows = new ArrayList<>();
        try (BenchmarkSetup setup = BenchmarkSetup.start(identities, options.database())) {
            for (BenchIdentity identity : identities) {
                rows.add(compare(setup, identity, options, digests));
            }
        }
        System.out.printf(Locale.ROOT, "%nload average at the end %.2f%n%n", loadAverage());
        Report.print(System.out, rows);
    }

    private static Report.Row compare(BenchmarkSetup setup, BenchIdentity identity, Options options, List<byte[]> digests)
            throws Exception {
        boolean ecdsa = identity.algorithm().scheme() == SignatureAlgorithm.Scheme.ECDSA;
        List<LoadPhase> phases = new ArrayList<>();
        try {
            LoadPhase service = add(phases, LoadPhase.start("service " + identity.label(), options.threads(), digests,
                    Signers.service(setup, identity, digests.get(0))));
            LoadPhase batch = options.batch() == 0 ? null : add(phases, LoadPhase.start("batch " + identity.label(),
                    options.batchThreads(), options.batch(), digests, Signers.serviceBatch(setup, identity, digests,
                            options.batch())));
            // Beside P-256, whose signature is cheapest: what is left of a sign call once the signature is taken out.
            LoadPhase lightest = ecdsa ? add(phases, LoadPhase.start("lightest call", options.threads(), digests,
                    Signers.lightestCall(setup))) : null;
            List<LoadPhase> raws = new ArrayList<>();
            raws.add(add(phases, LoadPhase.start("raw JDK " + identity.label(), options.threads(), digests,
                    Signers.raw(identity))));
            if (ecdsa) {
                raws.add(add(phases, LoadPhase.start("raw BC " + identity.label(), options.threads(), digests,
                        Signers.rawBouncyCastle(identity))));
            }
            for (LoadPhase phase : phases) {
                phase.warm(options.warmup(), options.maxWarmup());
            }
            Warmup.settle(phases, options.slice(), options.maxWarmup());
            for (int round = 0; round < options.rounds(); round++) {
                for (LoadPhase phase : phases) {
                    phase.measure(options.slice());
                }
            }
            for (LoadPhase phase : phases) {
                print(phase.result());
            }
            return new Report.Row(identity, service.result(), raws.stream().map(LoadPhase::result).toList(),
                    EngineCost.measure(identity, digests), batch == null ? null : batch.result(),
                    lightest == null ? null : lightest.result());
        } finally {
            for (LoadPhase phase : phases) {
                phase.close();
            }
        }
    }

    private static LoadPhase add(List<LoadPhase> phases, LoadPhase phase) {
        phases.add(phase);
        return phase;
    }

    private static void print(LoadPhase.Result result) {
        System.out.printf(Locale.ROOT, "%-16s %8.0f ops/s  p50 %6.2f ms  p99 %6.2f ms  CPU %5.2f ms/op  "
                        + "JIT %4d ms  (%d calls of %d after %d s of warm-up)%n",
                result.name(), result.opsPerSecond(), result.latency().p50Millis(), result.latency().p99Millis(),
                result.cpuMillisPerOp(), result.compileMillis(), result.latency().count(), result.signaturesPerOp(),
                result.warmup().toSeconds());
    }

    static List<byte[]> randomDigests() {
        SecureRandom random = new SecureRandom();
        List<byte[]> digests = new ArrayList<>(DIGESTS);
        for (int i = 0; i < DIGESTS; i++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            digests.add(digest);
        }
        return List.copyOf(digests);
    }

    /** The machine as each mode's first line says it: cores, Java and the load average now. */
    static String machine() {
        return String.format(Locale.ROOT, "%s; Java %s; load average %.2f",
                Plural.of(Runtime.getRuntime().availableProcessors(), "core", "cores"),
                System.getProperty("java.runtime.version"), loadAverage());
    }

    static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
