package io.signingmanager.manager.receipts;

import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.Receipt;
import java.util.List;
import java.util.Optional;

/**
 * A file's receipts in a few words, for the Sign Files window: which leaves of the signing log they are, and
 * whether they hold with the pinned key (checked offline, as {@code verify-receipt} does).
 */
public record ReceiptSummary(String text, String details, boolean holds) {

    public static ReceiptSummary of(List<Receipt> receipts, Optional<NoteVerifierKey> key) {
        if (receipts.isEmpty()) {
            return new ReceiptSummary("No receipt", "The service sent no receipt (signed through the agent, or a "
                    + "service without a signing log).", true);
        }
        long first = receipts.stream().mapToLong(Receipt::index).min().orElseThrow();
        long last = receipts.stream().mapToLong(Receipt::index).max().orElseThrow();
        String leaves = first == last ? "Leaf " + first : "Leaves " + first + "–" + last + " (" + receipts.size() + ")";
        if (key.isEmpty()) {
            return new ReceiptSummary(leaves, "Not checked: no signing log key is pinned on this machine.", true);
        }
        for (Receipt receipt : receipts) {
            Optional<String> problem = receipt.problem(key.get());
            if (problem.isPresent()) {
                return new ReceiptSummary(leaves + ": does not hold", "Leaf " + receipt.index() + ": " + problem.get(),
                        false);
            }
        }
        Checkpoint checkpoint = receipts.get(receipts.size() - 1).signedCheckpoint(key.get()).orElseThrow();
        return new ReceiptSummary(leaves + " ✓", "In the signing log " + key.get().name() + " (tree of "
                + checkpoint.size() + " leaves, signed by its key); kept in the state folder. Check it again with "
                + "signing-manager verify-receipt.", true);
    }
}
