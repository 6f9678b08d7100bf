package io.signingmanager.manager.receipts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.Receipt;
import io.signingmanager.manager.home.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Where this machine keeps the signing log's receipts of what it signed, in its state folder: one JSON line
 * per signature in {@code receipts/<UTC day>.jsonl} (when, the certificate, the file's name and SHA-256, the
 * receipt), and the log's key as first seen ({@code log-key.txt}), pinned. A receipt that cannot be written is
 * logged, never a reason to fail a signature the service already made and recorded.
 */
public final class ReceiptBook {
    private static final Logger LOG = Logger.getLogger(ReceiptBook.class.getName());
    private static final String KEY_FILE = "log-key.txt";

    /** One line of the book. */
    public record Kept(Instant time, String certificateSha1, String fileName, String fileSha256, Receipt receipt) {
    }

    private final Path folder;
    private final Clock clock;
    private volatile NoteVerifierKey pinned;

    public ReceiptBook(Path stateFolder, Clock clock) {
        this.folder = stateFolder;
        this.clock = clock;
    }

    /** The state folder the book is in. */
    public Path folder() {
        return folder;
    }

    /** Adds the receipt of a signature made with that certificate, for the file the context names (if any). */
    public synchronized void keep(String certificateSha1, SignContext context, Receipt receipt) {
        Instant now = clock.instant();
        Kept kept = new Kept(now, certificateSha1, context == null ? null : context.fileName(),
                context == null ? null : context.fileSha256(), receipt);
        Path day = folder.resolve("receipts").resolve(now.atOffset(ZoneOffset.UTC).toLocalDate() + ".jsonl");
        try {
            OwnerOnly.createFolder(day.getParent());
            Files.write(day, (Json.mapper().writeValueAsString(kept) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            LOG.warning(() -> "Cannot keep the receipt of leaf " + receipt.index() + " in " + day + ": " + e.getMessage());
        }
    }

    /** The log key pinned here, if one was. */
    public Optional<NoteVerifierKey> pinnedKey() {
        if (pinned != null) {
            return Optional.of(pinned);
        }
        Path file = folder.resolve(KEY_FILE);
        try {
            Optional<NoteVerifierKey> read = Files.isRegularFile(file)
                    ? NoteVerifierKey.parse(Files.readString(file).strip()) : Optional.empty();
            read.ifPresent(key -> pinned = key);
            return read;
        } catch (IOException e) {
            LOG.warning(() -> "Cannot read the pinned log key " + file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Pins the log key: verify-receipt and log-monitor use it from now on unless given another. */
    public void pin(NoteVerifierKey key) {
        try {
            OwnerOnly.createFolder(folder);
            OwnerOnly.write(folder.resolve(KEY_FILE), (key + "\n").getBytes(StandardCharsets.UTF_8));
            pinned = key;
        } catch (IOException e) {
            LOG.warning(() -> "Cannot pin the log key in " + folder + ": " + e.getMessage());
        }
    }

    /** The receipt as the file {@code <file>.receipt.json} holds it (indented JSON). */
    public static String json(Object receipts) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(receipts) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a receipt as JSON", e);
        }
    }
}
