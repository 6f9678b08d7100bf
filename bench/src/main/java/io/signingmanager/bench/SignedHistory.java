package io.signingmanager.bench;

import io.signingmanager.common.protocol.SignContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * A service's audit filled the way a build farm fills it: sign-batch calls of up to 1,000 items through the
 * registered client, taking turns between the identities, each item with the context the Signing Manager
 * sends (the file's name, its SHA-256 and its format), so each item is an audit record of its own as in
 * production. The first call of each identity has its signatures verified; a refused item stops the run.
 */
final class SignedHistory {
    /** The kinds of file a release signs, as name pattern (of the build and the item) and the format's code. */
    private static final List<List<String>> FILES = List.of(List.of("SetupTool-2.%d.%d.exe", "pe"),
            List.of("lib/module%d-%03d.dll", "pe"), List.of("SetupTool-2.%d-%d.msi", "msi"),
            List.of("scripts/deploy%d-%03d.ps1", "powershell"));
    /** How many files one build signs: the audit's records come in builds, as from CI. */
    private static final int BUILD = 200;
    private static final int PROGRESS_EVERY = 10;

    private SignedHistory() {
    }

    /** Signs {@code records} digests (a multiple of {@code batch}) through {@code setup}'s client; answers the time taken. */
    static long fill(BenchmarkSetup setup, List<BenchIdentity> identities, int records, int batch) throws Exception {
        List<byte[]> digests = SignBenchmark.randomDigests();
        List<LoadPhase.Worker> workers = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            int offset = i;
            workers.add(Signers.serviceBatch(setup, identities.get(i), digests, batch,
                    item -> context(item * identities.size() + offset)).create(0));
        }
        long started = System.nanoTime();
        int calls = records / batch;
        for (int call = 0; call < calls; call++) {
            workers.get(call % workers.size()).sign(null);
            if ((call + 1) % PROGRESS_EVERY == 0 || call + 1 == calls) {
                double seconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(Locale.ROOT, "  %,d sign records in %.1f s (%.0f/s)%n", (long) (call + 1) * batch, seconds,
                        (call + 1) * batch / seconds);
            }
        }
        return System.nanoTime() - started;
    }

    /** The context of the {@code item}th signature: its build, the file's name, SHA-256 and format. */
    static SignContext context(long item) {
        List<String> file = FILES.get((int) (item % FILES.size()));
        String name = String.format(Locale.ROOT, file.get(0), item / BUILD, item % BUILD);
        return new SignContext(name, sha256(name + "#" + item), file.get(1), null);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
