package io.signingmanager.bench;

import io.signingmanager.common.cli.CommandLines;
import io.signingmanager.manager.filesign.FileSignRequest;
import io.signingmanager.manager.filesign.FileSignResult;
import io.signingmanager.manager.filesign.FileSigner;
import io.signingmanager.manager.filesign.HashProgress;
import io.signingmanager.manager.home.ManagerHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The time to sign a large Windows executable with the Signing Manager's engine against the faster of
 * {@code sha256sum} and {@code openssl dgst -sha256} hashing the same file, in the same run.
 * <pre>
 * setup:  service with an RSA-2048 identity, a Signing Manager registered in a temporary home,
 *         app.exe: a one-line C program (MinGW) with N MiB of pseudo-random overlay, in a temp folder
 * rounds: sha256sum app.exe and openssl dgst -sha256 app.exe (after one warm-up run, so the page cache
 *         is hot for all), then FileSigner (ServiceRoute -> HTTPS -> service) signs it to app-signed.exe;
 *         the first signed file is checked with osslsigncode verify
 * </pre>
 */
final class FilesBenchmark {
    private static final int ROUNDS = 3;
    private static final List<String> SHA256SUM = List.of("sha256sum");
    // OpenSSL's SHA-256 uses the CPU's SHA instructions; coreutils' sha256sum has its own portable C.
    private static final List<String> OPENSSL = List.of("openssl", "dgst", "-sha256");

    private FilesBenchmark() {
    }

    /** Answers the exit code. */
    static int run(List<String> args) throws Exception {
        Integer sizeMib = Options.parsedOrUsage(() -> sizeMib(args), usage());
        if (sizeMib == null) {
            return 2;
        }
        System.out.printf(Locale.ROOT, "signing-bench files: %d MiB overlay, %d rounds; %d cores, Java %s; load average %.2f%n",
                sizeMib, ROUNDS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.runtime.version"),
                SignBenchmark.loadAverage());
        BenchIdentity identity = BenchIdentity.rsa2048();
        Path folder = Files.createTempDirectory("signing-bench-files");
        try (BenchmarkSetup setup = BenchmarkSetup.start(List.of(identity))) {
            Path home = Files.createDirectory(folder.resolve("home"));
            FileSigner signer = FileSigner.through(BenchManager.register(new ManagerHome(home, home, home), setup));
            Path caFile = Files.writeString(folder.resolve("ca.pem"), identity.certificatePem());
            Path input = LargeExecutable.make(folder, sizeMib);
            hash(input, SHA256SUM);
            List<FileRound> rounds = new ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                long started = System.nanoTime();
                hash(input, SHA256SUM);
                long summed = System.nanoTime();
                hash(input, OPENSSL);
                long hashed = System.nanoTime();
                FileSignResult signed = signer.sign(new FileSignRequest(input, null, identity.sha1(), null), HashProgress.NONE);
                long finished = System.nanoTime();
                if (round == 1) {
                    verify(signed.output(), caFile);
                }
                Files.delete(signed.output());
                rounds.add(new FileRound(Files.size(input), summed - started, hashed - summed, finished - hashed));
                System.out.println(rounds.get(round - 1).describe("round " + round));
            }
            System.out.printf(Locale.ROOT, "%s%nload average at the end %.2f%n", FileRound.median(rounds).describe("median"),
                    SignBenchmark.loadAverage());
        } finally {
            BenchmarkSetup.delete(folder);
        }
        return 0;
    }

    @Command(name = "files", sortOptions = false, synopsisHeading = "", optionListHeading = "",
            customSynopsis = "Usage: java -jar signing-bench.jar files [--size-mib N]")
    static final class Flags {
        @Option(names = "--size-mib", paramLabel = "N", defaultValue = "1024", description = {
            "pseudo-random overlay appended to a tiny Windows executable (default 1024);",
            "the file and its signed copies go to a temp folder, deleted at the end"})
        int sizeMib;
    }

    static String usage() {
        return CommandLines.usage(new Flags(), Options.HELP_COLUMN);
    }

    private static int sizeMib(List<String> args) {
        int mib = CommandLines.parse(new Flags(), args.toArray(String[]::new)).sizeMib;
        if (mib < 1) {
            throw new IllegalArgumentException("--size-mib must be at least 1");
        }
        return mib;
    }

    private static void hash(Path file, List<String> command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(command);
        line.add(file.toString());
        ExternalCommand.run(file.getParent(), line);
    }

    /** Fails loudly unless osslsigncode finds the signature good and chained to the run's certificate. */
    static void verify(Path signed, Path caFile) throws IOException, InterruptedException {
        String output = ExternalCommand.run(signed.getParent(),
                List.of("osslsigncode", "verify", "-in", signed.toString(), "-CAfile", caFile.toString()));
        if (!output.contains("Signature verification: ok")) {
            throw new IOException("osslsigncode does not verify " + signed + ":\n" + output);
        }
        System.out.println("osslsigncode verify: the first signed file verifies");
    }
}
