package io.signingmanager.common.tlog;

import java.util.Base64;
import java.util.Optional;

/**
 * A C2SP {@code tlog-checkpoint}: the log's origin (a unique name, like {@code signing.example.com/log}),
 * the tree's size in decimal and its root hash in base64, one per line. It is the text of a
 * {@link SignedNote} signed with the log's key.
 */
public record Checkpoint(String origin, long size, byte[] rootHash) {

    public Checkpoint {
        if (origin == null || origin.isEmpty() || !SignedNote.validText(origin + "\n") || origin.contains("\n")) {
            throw new IllegalArgumentException("A checkpoint's origin is one non-empty line");
        }
        if (size < 0 || rootHash.length != MerkleHash.SIZE) {
            throw new IllegalArgumentException("A checkpoint has a size of at least 0 and a 32-byte root hash");
        }
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    /** The note text: origin, size and root hash, each on its line. */
    public String text() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    /**
     * The checkpoint of a note's text (extension lines after the third are allowed and ignored), if its
     * size is decimal without leading zeros and its root hash 32 bytes in base64.
     */
    public static Optional<Checkpoint> parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4 || !lines[1].matches("0|[1-9][0-9]{0,18}")) {
            return Optional.empty();
        }
        try {
            long size = Long.parseLong(lines[1]);
            return Optional.of(new Checkpoint(lines[0], size, Base64.getDecoder().decode(lines[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
