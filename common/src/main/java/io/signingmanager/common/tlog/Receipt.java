package io.signingmanager.common.tlog;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A log entry's receipt: its leaf's index and data (base64), the first checkpoint that holds it (a signed
 * note), and its inclusion proof against that checkpoint (base64 hashes, nearest the leaf first). With the
 * log's public key it is checked offline ({@link #problem}).
 */
public record Receipt(long index, String leaf, String checkpoint, List<String> inclusionProof) {

    public static Receipt of(long index, byte[] leaf, String checkpoint, List<byte[]> proof) {
        Base64.Encoder base64 = Base64.getEncoder();
        return new Receipt(index, base64.encodeToString(leaf), checkpoint,
                proof.stream().map(base64::encodeToString).toList());
    }

    /** The leaf data, decoded; empty when it is not base64. */
    public Optional<byte[]> leafData() {
        return decoded(leaf);
    }

    /** The checkpoint, if its note is signed by {@code key} and names the key's log. */
    public Optional<Checkpoint> signedCheckpoint(NoteVerifierKey key) {
        return checkpoint == null ? Optional.empty() : SignedNote.open(checkpoint, key).flatMap(Checkpoint::parse)
                .filter(cp -> cp.origin().equals(key.name()));
    }

    /**
     * Why the receipt does not hold with the log's key, or empty when it does: the checkpoint is signed by
     * the key, and the proof leads from the leaf's hash at its index to the checkpoint's root.
     */
    public Optional<String> problem(NoteVerifierKey key) {
        Optional<Checkpoint> signed = signedCheckpoint(key);
        if (signed.isEmpty()) {
            return Optional.of("its checkpoint is not signed by the log key " + key.name());
        }
        Optional<byte[]> data = leafData();
        List<byte[]> proof = new ArrayList<>();
        for (String hash : inclusionProof == null ? List.<String>of() : inclusionProof) {
            Optional<byte[]> decoded = decoded(hash);
            if (decoded.isEmpty()) {
                return Optional.of("its inclusion proof holds a hash that is not base64");
            }
            proof.add(decoded.get());
        }
        if (data.isEmpty()) {
            return Optional.of("its leaf is not base64");
        }
        Checkpoint checkpoint = signed.get();
        if (!MerkleProofs.includes(index, checkpoint.size(), MerkleHash.leaf(data.get()), proof, checkpoint.rootHash())) {
            return Optional.of("its inclusion proof does not lead from leaf " + index + " to the root of the tree of "
                    + checkpoint.size() + " leaves its checkpoint signs");
        }
        return Optional.empty();
    }

    private static Optional<byte[]> decoded(String base64) {
        try {
            return base64 == null ? Optional.empty() : Optional.of(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
