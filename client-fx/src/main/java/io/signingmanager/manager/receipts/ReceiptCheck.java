package io.signingmanager.manager.receipts;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.Receipt;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jsign.Signable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/**
 * {@code verify-receipt}, offline: each receipt's checkpoint is signed by the log's key and its inclusion proof
 * leads from its leaf to that checkpoint's root; with a file, some receipt's leaf names it: the file is the one
 * signed, as it was before (its SHA-256 is the leaf's {@code context.fileSha256}), or it carries the very
 * signature the leaf names ({@code signatureSha256}; Authenticode formats, whose signatures jsign reads).
 */
public final class ReceiptCheck {
    /** What was found: whether it holds, and one line per receipt and for the file. */
    public record Outcome(boolean holds, List<String> lines) {
    }

    private ReceiptCheck() {
    }

    /** The receipts of a {@code .receipt.json}: one object, or a list of them. */
    public static List<Receipt> read(Path file) throws IOException {
        JsonNode root = Json.mapper().readTree(file.toFile());
        List<Receipt> receipts = new ArrayList<>();
        for (JsonNode node : root.isArray() ? root : List.of(root)) {
            if (!node.isObject() || !node.has("leaf") || !node.has("checkpoint")) {
                throw new IOException(file + " holds no receipt: each is an object with index, leaf, checkpoint and "
                        + "inclusionProof");
            }
            receipts.add(Json.mapper().treeToValue(node, Receipt.class));
        }
        return receipts;
    }

    public static Outcome check(List<Receipt> receipts, NoteVerifierKey key, Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean holds = true;
        List<JsonNode> leaves = new ArrayList<>();
        for (Receipt receipt : receipts) {
            Optional<String> problem = receipt.problem(key);
            if (problem.isPresent()) {
                holds = false;
                lines.add("leaf " + receipt.index() + ": does not hold: " + problem.get());
                continue;
            }
            Checkpoint checkpoint = receipt.signedCheckpoint(key).orElseThrow();
            JsonNode leaf = Json.mapper().readTree(receipt.leafData().orElseThrow());
            leaves.add(leaf);
            lines.add("leaf " + receipt.index() + ": holds, in the tree of " + checkpoint.size() + " leaves "
                    + key.name() + " signed: " + describe(leaf));
        }
        if (file != null && holds) {
            String named = named(file, leaves);
            holds = named != null;
            lines.add(holds ? file + ": " + named : file + ": no receipt names this file: neither its SHA-256 nor a "
                    + "signature in it is the one a leaf names");
        }
        return new Outcome(holds && !receipts.isEmpty(), lines);
    }

    private static String describe(JsonNode leaf) {
        JsonNode context = leaf.path("context");
        String what = context.hasNonNull("fileName") ? context.get("fileName").asText() : "a digest";
        return leaf.path("requestType").asText() + " " + leaf.path("status").asText() + ", " + what + " with "
                + leaf.path("certificateName").asText(leaf.path("certificateSha1").asText("?")) + " at "
                + leaf.path("time").asText() + " (record " + leaf.path("id").asText() + ")";
    }

    /** How some leaf names the file, or {@code null}. */
    private static String named(Path file, List<JsonNode> leaves) throws IOException {
        String sha256 = sha256(file);
        for (JsonNode leaf : leaves) {
            if (sha256.equals(leaf.path("context").path("fileSha256").asText().toLowerCase(Locale.ROOT))) {
                return "its SHA-256 is the one of the file signed (" + sha256 + "), as it was before signing";
            }
        }
        for (String signature : embeddedSignatureHashes(file)) {
            for (JsonNode leaf : leaves) {
                if (signature.equals(leaf.path("signatureSha256").asText())) {
                    return "it carries the signature record " + leaf.path("id").asText() + " names (SHA-256 " + signature + ")";
                }
            }
        }
        return null;
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest = HashAlgorithm.SHA256.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The SHA-256 of each signer's signature value in the file's Authenticode signatures; none for other files. */
    private static List<String> embeddedSignatureHashes(Path file) {
        List<String> hashes = new ArrayList<>();
        try (Signable signable = Signable.of(file.toFile())) {
            for (CMSSignedData signed : signable.getSignatures()) {
                for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
                    hashes.add(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(signer.getSignature())));
                }
            }
        } catch (Exception notAuthenticode) {
            // Not a format jsign reads, or not signed: only the file's own SHA-256 can name it.
        }
        return hashes;
    }
}
