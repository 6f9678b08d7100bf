package io.signingmanager.manager.receipts;

import static io.signingmanager.service.testing.TestService.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.SignedNote;
import io.signingmanager.manager.cli.CommandLine;
import io.signingmanager.manager.testing.RegisteredClientTest;
import io.signingmanager.manager.testing.UnsignedInputs;
import io.signingmanager.service.secrets.MasterKey;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Sql;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * {@code sign --receipt}, {@code verify-receipt} and {@code log-monitor} against a real Signing Service: a receipt
 * holds offline and names the file signed (before and after signing); a changed receipt or another key does
 * not hold; the monitor keeps the log's checkpoints and fails loudly when the service rolls its log back or shows
 * another tree of the same size, signed with its own key by someone holding the database and the master key.
 */
class ReceiptCommandsTest extends RegisteredClientTest {

    @Test
    void aSignedFilesReceiptHoldsOfflineAndNamesTheFileBeforeAndAfterSigning() throws Exception {
        Path exe = UnsignedInputs.exe(folder);
        Run signed = run("sign", "--cert", ec.sha1(), "--receipt", exe.toString());
        Path output = folder.resolve("setup-signed.exe");
        Path receipt = folder.resolve("setup-signed.exe.receipt.json");
        assertThat(signed.exit()).as(signed.err()).isZero();
        assertThat(signed.out()).contains("; receipt " + receipt);
        assertThat(receipt).exists();

        String served = expect(service.http.get("/api/v1/log/key", null), 200).text().strip();
        assertThat(manager.receipts().pinnedKey()).map(NoteVerifierKey::toString).contains(served);
        try (Stream<Path> days = Files.list(home.stateFolder().resolve("receipts"))) {
            List<String> lines = Files.readAllLines(days.findFirst().orElseThrow());
            JsonNode kept = Json.mapper().readTree(lines.get(lines.size() - 1));
            assertThat(kept.get("fileName").asText()).isEqualTo("setup.exe");
            assertThat(kept.get("receipt").get("index").asLong())
                    .isEqualTo(Json.mapper().readTree(receipt.toFile()).get("index").asLong());
        }

        Run after = run("verify-receipt", "--file", output.toString(), receipt.toString());
        assertThat(after.exit()).as(after.out() + after.err()).isZero();
        assertThat(after.out()).contains("holds, in the tree of").contains("sign success, setup.exe")
                .contains("it carries the signature record").contains("The receipt holds.");
        Run before = run("verify-receipt", "--file", exe.toString(), "--log-key", served, receipt.toString());
        assertThat(before.exit()).isZero();
        assertThat(before.out()).contains("as it was before signing");

        Path other = Files.writeString(folder.resolve("other.ps1"), "Write-Output 1\r\n");
        Run unrelated = run("verify-receipt", "--file", other.toString(), receipt.toString());
        assertThat(unrelated.exit()).isEqualTo(CommandLine.CHECK_FAILED);
        assertThat(unrelated.out()).contains("no receipt names this file").contains("does NOT hold");

        Path changed = folder.resolve("changed.receipt.json");
        JsonNode json = Json.mapper().readTree(receipt.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("index", json.get("index").asLong() + 1);
        Files.writeString(changed, json.toString());
        Run forged = run("verify-receipt", changed.toString());
        assertThat(forged.exit()).isEqualTo(CommandLine.CHECK_FAILED);
        assertThat(forged.out()).contains("inclusion proof does not lead");

        NoteVerifierKey stranger = new NoteVerifierKey(NoteVerifierKey.parse(served).orElseThrow().name(),
                new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey().getEncoded());
        Run otherKey = run("verify-receipt", "--log-key", stranger.toString(), receipt.toString());
        assertThat(otherKey.exit()).isEqualTo(CommandLine.CHECK_FAILED);
        assertThat(otherKey.out()).contains("not signed by the log key");
    }

    @Test
    void theMonitorKeepsConsistentCheckpointsAndFailsLoudlyOnARollbackAndAFork() throws Exception {
        Path state = folder.resolve("monitor");
        Run first = monitor(state);
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("first checkpoint seen");
        String[] head = head();

        signScript("a");
        Run grown = monitor(state);
        assertThat(grown.exit()).as(grown.err()).isZero();
        assertThat(grown.out()).contains("consistent: ");
        String kept = Files.readString(state.resolve(LogMonitor.FILE));

        // The service's log rolled back to an older head (the newest records deleted with it).
        String[] later = head();
        setHead(head);
        Run rolledBack = monitor(state);
        assertThat(rolledBack.exit()).isEqualTo(CommandLine.CHECK_FAILED);
        assertThat(rolledBack.err()).contains("THE SIGNING LOG IS NOT CONSISTENT").contains("rolled back");
        assertThat(Files.readString(state.resolve(LogMonitor.FILE))).isEqualTo(kept);

        // Another tree of the size seen, signed with the log's own key (the database and the master key stolen).
        setHead(later);
        Checkpoint seen = Checkpoint.parse(kept.substring(0, kept.indexOf("\n\n") + 1)).orElseThrow();
        byte[] otherRoot = new byte[32];
        new SecureRandom().nextBytes(otherRoot);
        setCheckpoint(forged(new Checkpoint(seen.origin(), seen.size(), otherRoot)));
        Run forked = monitor(state);
        assertThat(forked.exit()).isEqualTo(CommandLine.CHECK_FAILED);
        assertThat(forked.err()).contains("another root").contains("forked");

        // A larger tree the service cannot prove extends the one seen.
        setCheckpoint(forged(new Checkpoint(seen.origin(), seen.size() + 1, otherRoot)));
        Run notExtending = monitor(state);
        assertThat(notExtending.exit()).isEqualTo(CommandLine.CHECK_FAILED);
        assertThat(notExtending.err()).contains("cannot prove that its log of " + (seen.size() + 1));

        setHead(later);
        assertThat(monitor(state).exit()).isZero();
    }

    @Test
    void onlineAReceiptAlsoShowsThatTheServicesLogStillHoldsItAndNoLongerDoesOnceRolledBack() throws Exception {
        String[] before = head();
        Path script = Files.writeString(folder.resolve("tool.ps1"), "Write-Output 'tool'\r\n");
        assertThat(run("sign", "--cert", rsa.sha1(), "--receipt", script.toString()).exit()).isZero();
        Path receipt = folder.resolve("tool-signed.ps1.receipt.json");
        signScript("later");

        Run online = run("verify-receipt", "--online", receipt.toString());
        assertThat(online.exit()).as(online.out() + online.err()).isZero();
        assertThat(online.out()).contains("the service's log now: consistent");

        // The service's log rolled back to before the signature: offline the receipt still holds, online it does not.
        String[] after = head();
        setHead(before);
        try {
            assertThat(run("verify-receipt", receipt.toString()).exit()).isZero();
            Run rolledBack = run("verify-receipt", "--online", receipt.toString());
            assertThat(rolledBack.exit()).isEqualTo(CommandLine.CHECK_FAILED);
            assertThat(rolledBack.out()).contains("rolled back").contains("does NOT hold");
        } finally {
            setHead(after);
        }
    }

    private Run monitor(Path state) {
        return run("log-monitor", "--state", state.toString());
    }

    private void signScript(String name) throws Exception {
        Path script = Files.writeString(folder.resolve(name + ".ps1"), "Write-Output \"" + name + "\"\r\n");
        assertThat(run("sign", "--cert", rsa.sha1(), script.toString()).exit()).isZero();
    }

    /** The log's head as stored: size, edge (hex) and checkpoint. */
    private String[] head() {
        return service.service.database().read(c -> Sql.one(c, "SELECT tree_size, tree_edge, checkpoint FROM audit_chain "
                + "WHERE id = 1", row -> new String[] {String.valueOf(row.getLong(1)),
                java.util.HexFormat.of().formatHex(row.getBytes(2)), row.getString(3)}).orElseThrow());
    }

    private void setHead(String[] head) {
        service.service.database().transaction(c -> Sql.update(c, "UPDATE audit_chain SET tree_size = ?, tree_edge = ?, "
                + "checkpoint = ? WHERE id = 1", Long.parseLong(head[0]), java.util.HexFormat.of().parseHex(head[1]),
                head[2]));
    }

    private void setCheckpoint(String note) {
        service.service.database().transaction(c -> Sql.update(c, "UPDATE audit_chain SET checkpoint = ? WHERE id = 1",
                note));
    }

    /** The checkpoint signed with the service's own log key, opened as someone with the master key could. */
    private String forged(Checkpoint checkpoint) throws Exception {
        SecretBox box = new SecretBox(MasterKey.load(null, service.data.resolve("data")));
        Object[] row = service.service.database().read(c -> Sql.one(c, "SELECT name, public_key, private_key_sealed "
                + "FROM log_key WHERE id = 1", r -> new Object[] {r.getString(1), r.getBytes(2), r.getBytes(3)})
                .orElseThrow());
        String name = (String) row[0];
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(box.open((byte[]) row[2], "log-key:" + name), 0);
        return SignedNote.sign(checkpoint.text(), new NoteVerifierKey(name, (byte[]) row[1]), key);
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new CommandLine(manager, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
