package io.signingmanager.bench;

import io.signingmanager.common.cli.CommandLines;
import io.signingmanager.common.client.SigningServiceClient;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.provider.AgentRoute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The latency of one SHA256withRSA signature through the PKCS#11 module against the same signature
 * as a direct protocol call, one signature at a time, in the same run; between them the agent's
 * {@code SIGN} line sent from Java, which splits the module's extra time into the agent's part and
 * the rest (JNI, SunPKCS11, the module), and the direct call on the JDK {@code HttpClient} that
 * {@code SigningServiceClient} used for signatures before. The direct call (the reference, last) is
 * {@code SigningServiceClient.sign}, the same client the agent signs through.
 * <pre>
 * parent: a temporary Signing Manager home; this class again in a child JVM with SIGNING_MANAGER_HOME set to it
 * child:  service with an RSA-2048 identity, a Signing Manager registered in that home serving its agent,
 *         SunPKCS11 on the module (module -> agent socket -> HTTPS -> service)
 *         beside SIGN lines to the agent and a SigningServiceClient (HTTPS -> service);
 *         warm-up of each route, then one signature of each route in turn
 * </pre>
 * The module finds the agent only through its process's environment, which a JVM cannot change for
 * itself: hence the child.
 */
public final class Pkcs11Benchmark {
    private static final int MIN_SIGNS = 10;
    private static final int DATA_BYTES = 1024;

    private Pkcs11Benchmark() {
    }

    record Options(Path module, int signs) {
        @Command(name = "pkcs11", sortOptions = false, synopsisHeading = "", optionListHeading = "",
                customSynopsis = "Usage: java -jar signing-bench.jar pkcs11 [--module PATH] [--signs N]")
        static final class Flags {
            @Option(names = "--module", paramLabel = "PATH", defaultValue = "pkcs11/target/libsigningmanager-pkcs11.so",
                    description = "the PKCS#11 module (default pkcs11/target/libsigningmanager-pkcs11.so)")
            Path module;

            @Option(names = "--signs", paramLabel = "N", defaultValue = "2000",
                    description = "measured signatures of each kind (default 2000), after N/4 of warm-up")
            int signs;
        }

        static String usage() {
            return CommandLines.usage(new Flags(), io.signingmanager.bench.Options.HELP_COLUMN);
        }

        static Options parse(List<String> args) {
            Flags flags = CommandLines.parse(new Flags(), args.toArray(String[]::new));
            if (!Files.isRegularFile(flags.module) || flags.signs < MIN_SIGNS) {
                throw new IllegalArgumentException("The module " + flags.module.toAbsolutePath() + " must exist (build pkcs11/) "
                        + "and --signs be at least " + MIN_SIGNS);
            }
            return new Options(flags.module.toAbsolutePath(), flags.signs);
        }
    }

    /** Runs the benchmark in a child JVM whose Signing Manager home is a temporary folder; answers its exit code. */
    static int runInChild(List<String> args) throws Exception {
        if (io.signingmanager.bench.Options.parsedOrUsage(() -> Options.parse(args), Options.usage()) == null) {
            return 2;
        }
        Path home = Files.createTempDirectory("signing-bench-manager");
        try {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Pkcs11Benchmark.class.getName()));
            command.addAll(args);
            ProcessBuilder child = new ProcessBuilder(command).inheritIO();
            child.environment().remove("SIGNING_MANAGER_AGENT_SOCKET");
            child.environment().put(ManagerHome.HOME_VARIABLE, home.toString());
            return child.start().waitFor();
        } finally {
            BenchmarkSetup.delete(home);
        }
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(List.of(args));
        ManagerHome home = ManagerHome.current();
        BenchIdentity identity = BenchIdentity.rsa2048();
        System.out.printf(Locale.ROOT, "signing-bench pkcs11: %s; %d signatures of each kind after %d of warm-up, "
                        + "one at a time; %d cores, Java %s%n", options.module(), options.signs(), options.signs() / 4,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.runtime.version"));
        try (BenchmarkSetup setup = BenchmarkSetup.start(List.of(identity));
             BenchAgent agent = BenchAgent.start(home, setup)) {
            ModuleSigner module = ModuleSigner.open(options.module(), "Signing Bench " + identity.label(), home.runtimeFolder());
            SignatureAlgorithm algorithm = SignatureAlgorithm.RSA_PKCS1_SHA256;
            AgentRoute agentLine = new AgentRoute(home.agentSocket());
            SigningServiceClient direct = setup.newClient();
            JdkHttpSigner jdkHttp = new JdkHttpSigner(setup);
            byte[] data = new byte[DATA_BYTES];
            new SecureRandom().nextBytes(data);
            byte[] digest = HashAlgorithm.SHA256.digest(data);
            SignRequest request = new SignRequest(identity.sha1(), algorithm.name(), Base64.getEncoder().encodeToString(digest),
                    null);
            List<Route> routes = List.of(
                    new Route("PKCS#11 module (SunPKCS11 -> agent)", () -> module.sign(data)),
                    new Route("agent's SIGN line (unix socket)", () -> agentLine.sign(identity.sha1(), algorithm, digest, null).signature()),
                    new Route("direct, JDK HttpClient (before)", () -> jdkHttp.sign(request)),
                    new Route("direct protocol call (HTTPS)", () -> Base64.getDecoder().decode(direct.sign(setup.clientToken(),
                            request).signature())));
            for (Route route : routes) {
                route.check(identity, data);
                route.time(options.signs() / 4, new LatencyRecorder());
            }
            // One signature of each route in turn: on a machine shared with other work, the load then
            // falls on every route alike, where rounds of a few hundred caught different moments.
            for (int i = 0; i < options.signs(); i++) {
                for (Route route : routes) {
                    route.time(1, route.latency);
                }
            }
            report(routes);
        }
    }

    private interface Signer {
        byte[] sign() throws Exception;
    }

    /** One way to the service's signature, and its measured latencies. */
    private record Route(String name, Signer signer, LatencyRecorder latency) {
        Route(String name, Signer signer) {
            this(name, signer, new LatencyRecorder());
        }

        void check(BenchIdentity identity, byte[] data) throws Exception {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(identity.certificate().getPublicKey());
            verifier.update(data);
            if (!verifier.verify(signer.sign())) {
                throw new GeneralSecurityException("The signature through the " + name + " does not verify");
            }
        }

        void time(int count, LatencyRecorder recorder) throws Exception {
            for (int i = 0; i < count; i++) {
                long started = System.nanoTime();
                signer.sign();
                recorder.record(System.nanoTime() - started);
            }
        }
    }

    /** Each route's latency, and its ratio to the direct call's (the last route). */
    private static void report(List<Route> routes) {
        String row = "| %-38s | %7s | %7s | %12s | %12s |%n";
        LatencyRecorder.Percentiles direct = LatencyRecorder.merge(List.of(routes.get(routes.size() - 1).latency()));
        System.out.printf(Locale.ROOT, "%n" + row, "one SHA256withRSA signature, RSA-2048", "p50 ms", "p99 ms", "p50 / direct",
                "p99 / direct");
        System.out.printf(Locale.ROOT, row, "-".repeat(38), "------:", "------:", "-----------:", "-----------:");
        for (Route route : routes) {
            LatencyRecorder.Percentiles latency = LatencyRecorder.merge(List.of(route.latency()));
            System.out.printf(Locale.ROOT, row, route.name(), millis(latency.p50Millis()), millis(latency.p99Millis()),
                    millis(latency.p50Millis() / direct.p50Millis()), millis(latency.p99Millis() / direct.p99Millis()));
        }
    }

    private static String millis(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
