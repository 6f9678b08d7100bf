package io.signingmanager.common.tlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

/**
 * Signed notes, verifier keys and checkpoints: the published examples (Go's {@code sumdb/note}
 * documentation and the C2SP examples) open with their verifier keys; our own notes open with ours and
 * with nothing else.
 */
class SignedNoteTest {
    private static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_NOTE = GO_TEXT + "\n\u2014 PeterNeumann "
            + "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private static final String EXAMPLE_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    private static final String EXAMPLE_NOTE = "This is an example message.\n\n\u2014 example.com/foo "
            + "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    private final Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
    private final NoteVerifierKey key = new NoteVerifierKey("signing.example.com/log",
            privateKey.generatePublicKey().getEncoded());

    @Test
    void thePublishedNotesOpenWithTheirKeys() {
        NoteVerifierKey go = NoteVerifierKey.parse(GO_VKEY).orElseThrow();
        assertThat(go.name()).isEqualTo("PeterNeumann");
        assertThat(go).hasToString(GO_VKEY);
        assertThat(SignedNote.open(GO_NOTE, go)).contains(GO_TEXT);

        NoteVerifierKey example = NoteVerifierKey.parse(EXAMPLE_VKEY).orElseThrow();
        assertThat(example).hasToString(EXAMPLE_VKEY);
        assertThat(SignedNote.open(EXAMPLE_NOTE, example)).contains("This is an example message.\n");
        assertThat(SignedNote.open(EXAMPLE_NOTE, go)).as("signed by another key only").isEmpty();
    }

    @Test
    void aVerifierKeyWhoseIdDoesNotMatchIsRefused() {
        assertThat(NoteVerifierKey.parse(GO_VKEY.replace("c74f20a3", "c74f20a4"))).isEmpty();
        assertThat(NoteVerifierKey.parse(GO_VKEY.replace("PeterNeumann", "Peter+Neumann"))).isEmpty();
        assertThat(NoteVerifierKey.parse(GO_VKEY.replace("+ARpc", "+AhRpc"))).isEmpty();
        assertThat(NoteVerifierKey.parse("PeterNeumann+c74f20a3")).isEmpty();
        assertThat(NoteVerifierKey.parse(key.toString())).contains(key);
        // A key whose base64 holds a plus sign, as about one in two do.
        NoteVerifierKey plus = key;
        for (int i = 0; !plus.toString().substring(plus.name().length() + 10).contains("+"); i++) {
            plus = new NoteVerifierKey("log", new Ed25519PrivateKeyParameters(new SecureRandom()).generatePublicKey().getEncoded());
            assertThat(i).isLessThan(1000);
        }
        assertThat(NoteVerifierKey.parse(plus.toString())).contains(plus);
    }

    @Test
    void ourNoteOpensWithOurKeyAndNotChanged() {
        String note = SignedNote.sign("hello\nworld\n", key, privateKey);

        assertThat(SignedNote.open(note, key)).contains("hello\nworld\n");
        assertThat(SignedNote.open(note.replace("world", "w0rld"), key)).as("a changed text").isEmpty();
        assertThat(SignedNote.open(note, NoteVerifierKey.parse(GO_VKEY).orElseThrow())).isEmpty();
        assertThat(SignedNote.open(note.replace("\n\n", "\n"), key)).as("no blank line").isEmpty();
        assertThat(SignedNote.open(note.substring(0, note.length() - 1), key)).as("no final newline").isEmpty();
    }

    @Test
    void linesOfOtherKeysAreIgnoredAndABadLineOfOursRejects() {
        String note = SignedNote.sign("tree\n", key, privateKey);
        String otherLine = GO_NOTE.substring(GO_NOTE.indexOf('\u2014'));
        assertThat(SignedNote.open(note + otherLine, key)).as("another key's line beside").contains("tree\n");

        String signature = note.substring(note.lastIndexOf(' ') + 1, note.length() - 1);
        byte[] bytes = Base64.getDecoder().decode(signature);
        bytes[10] ^= 1;
        String bad = "\u2014 " + key.name() + " " + Base64.getEncoder().encodeToString(bytes) + "\n";
        assertThat(SignedNote.open(note + bad, key)).as("a failing line of our key beside a good one").isEmpty();
        assertThat(SignedNote.open(note + "not a signature line\n", key)).isEmpty();
        assertThat(SignedNote.open(note + otherLine.repeat(SignedNote.MAX_SIGNATURES), key)).as("too many lines").isEmpty();
    }

    @Test
    void aCheckpointIsOriginSizeAndRootAndParsesStrictly() {
        Checkpoint checkpoint = new Checkpoint("signing.example.com/log", 8, MerkleHash.empty());
        assertThat(checkpoint.text()).isEqualTo("signing.example.com/log\n8\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
        Checkpoint parsed = Checkpoint.parse(SignedNote.open(SignedNote.sign(checkpoint.text(), key, privateKey), key)
                .orElseThrow()).orElseThrow();
        assertThat(parsed.size()).isEqualTo(8);
        assertThat(parsed.rootHash()).isEqualTo(MerkleHash.empty());
        assertThat(Checkpoint.parse("log\n08\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")).isEmpty();
        assertThat(Checkpoint.parse("log\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")).isEmpty();
        assertThat(Checkpoint.parse("log\n99999999999999999999\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n")).isEmpty();
        assertThat(Checkpoint.parse("log\n8\nAAAA\n")).isEmpty();
        assertThat(Checkpoint.parse("log\n8\n")).isEmpty();
        assertThat(Checkpoint.parse("log\n8\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nextension\n")).isPresent();
        assertThatThrownBy(() -> SignedNote.sign("two\n\nparagraphs\n", key, privateKey))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
