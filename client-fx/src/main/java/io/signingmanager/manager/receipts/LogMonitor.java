package io.signingmanager.manager.receipts;

import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.MerkleProofs;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.SignedNote;
import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code log-monitor}: holds the service's signing log to what it showed before. The latest checkpoint must be
 * signed by the log's key, and extend the last one seen (kept in {@code checkpoint.txt} of the state folder),
 * by a consistency proof: a smaller tree is a rollback or a truncation, the same size with another root or a
 * proof that does not hold is a fork. Only a checkpoint that passes replaces the one kept.
 */
public final class LogMonitor {
    static final String FILE = "checkpoint.txt";

    /** How the log stands against the checkpoint seen before. */
    public enum Verdict {
        FIRST(true), SAME(true), EXTENDED(true), NOT_SIGNED(false), ROLLBACK(false), FORK(false);

        private final boolean holds;

        Verdict(boolean holds) {
            this.holds = holds;
        }

        public boolean holds() {
            return holds;
        }
    }

    /** The verdict, the checkpoint seen before ({@code null} the first time) and the latest, and in words. */
    public record Outcome(Verdict verdict, Checkpoint before, Checkpoint latest, String message) {
    }

    /** Where the latest checkpoint and consistency proofs come from: the service. */
    public interface Source {
        String checkpoint() throws Exception;

        /** The proof; {@link Unproven} when the service refuses to give one for the checkpoint it showed. */
        List<String> consistency(long from, long to) throws Exception;
    }

    /** The service answered, but refused to prove that its checkpoint extends the one seen. */
    public static final class Unproven extends Exception {
        private static final long serialVersionUID = 1L;

        public Unproven(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path state;
    private final NoteVerifierKey key;

    public LogMonitor(Path state, NoteVerifierKey key) {
        this.state = state;
        this.key = key;
    }

    /**
     * How the service's latest checkpoint stands against {@code before} (a receipt's, say): the same or extending
     * it holds, anything else does not. Nothing is kept.
     */
    public static Outcome against(NoteVerifierKey key, Checkpoint before, Source source) throws Exception {
        Optional<Checkpoint> latest = opened(key, source.checkpoint());
        if (latest.isEmpty()) {
            return new Outcome(Verdict.NOT_SIGNED, before, null, "the latest checkpoint is not signed by the log key "
                    + key.name() + ": another log, or a forged one");
        }
        return compare(before, latest.get(), source);
    }

    public Outcome check(Source source) throws Exception {
        String note = source.checkpoint();
        Optional<Checkpoint> opened = opened(key, note);
        Optional<String> seen = seen();
        Checkpoint before = seen.flatMap(text -> opened(key, text)).orElse(null);
        if (seen.isPresent() && before == null) {
            return new Outcome(Verdict.NOT_SIGNED, null, opened.orElse(null), "the checkpoint kept in "
                    + state.resolve(FILE) + " is not signed by the log key " + key.name() + ": give the key it was "
                    + "seen with, or move the file away to start over");
        }
        if (opened.isEmpty()) {
            return new Outcome(Verdict.NOT_SIGNED, before, null, "the latest checkpoint is not signed by the log key "
                    + key.name() + ": another log, or a forged one");
        }
        Checkpoint latest = opened.get();
        Outcome outcome = compare(before, latest, source);
        if (outcome.verdict().holds()) {
            OwnerOnly.createFolder(state);
            OwnerOnly.write(state.resolve(FILE), note.getBytes(StandardCharsets.UTF_8));
        }
        return outcome;
    }

    private static Outcome compare(Checkpoint before, Checkpoint latest, Source source) throws Exception {
        if (before == null) {
            return new Outcome(Verdict.FIRST, null, latest, "first checkpoint seen: " + latest.size() + " leaves, kept");
        }
        if (latest.size() < before.size()) {
            return new Outcome(Verdict.ROLLBACK, before, latest, "the log has " + latest.size() + " leaves, but "
                    + before.size() + " were seen before: it was rolled back or truncated");
        }
        if (latest.size() == before.size()) {
            return Arrays.equals(latest.rootHash(), before.rootHash())
                    ? new Outcome(Verdict.SAME, before, latest, "unchanged: " + latest.size() + " leaves")
                    : new Outcome(Verdict.FORK, before, latest, "the log of " + latest.size()
                            + " leaves has another root than the one seen before: it forked");
        }
        List<byte[]> proof = new ArrayList<>();
        try {
            for (String hash : source.consistency(before.size(), latest.size())) {
                proof.add(Base64.getDecoder().decode(hash));
            }
        } catch (Unproven e) {
            return new Outcome(Verdict.FORK, before, latest, "the service cannot prove that its log of " + latest.size()
                    + " leaves extends the one of " + before.size() + " seen before (" + e.getMessage() + ")");
        }
        return MerkleProofs.extendsTree(before.size(), latest.size(), before.rootHash(), latest.rootHash(), proof)
                ? new Outcome(Verdict.EXTENDED, before, latest, "consistent: " + before.size() + " leaves grew to "
                        + latest.size())
                : new Outcome(Verdict.FORK, before, latest, "the log of " + latest.size() + " leaves does not extend the "
                        + "one of " + before.size() + " seen before: it forked, or records were changed");
    }

    private Optional<String> seen() throws IOException {
        Path file = state.resolve(FILE);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    }

    private static Optional<Checkpoint> opened(NoteVerifierKey key, String note) {
        return SignedNote.open(note, key).flatMap(Checkpoint::parse).filter(cp -> cp.origin().equals(key.name()));
    }
}
