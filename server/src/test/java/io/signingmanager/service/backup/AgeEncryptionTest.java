package io.signingmanager.service.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.service.testing.ExternalTool;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backups encrypted in the age format under a passphrase: what we write the {@code age} tool opens, what
 * it writes we open, and a wrong passphrase, an altered or a truncated file are refused in words.
 */
class AgeEncryptionTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static final int CHUNK = 64 * 1024;
    /** A small work factor for the tests that do not meet the age tool. */
    private static final int QUICK = 10;

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17})
    void whatIsEncryptedDecryptsToTheSameBytes(int size) throws Exception {
        byte[] plain = random(size);

        byte[] sealed = encrypt(plain, QUICK);

        assertThat(decrypt(sealed, PASSPHRASE)).isEqualTo(plain);
        int chunks = Math.max(1, (size + CHUNK - 1) / CHUNK);
        assertThat(sealed.length - header(sealed)).isEqualTo(16 + size + 16L * chunks);
    }

    @Test
    void theAgeToolDecryptsWhatWeWriteAndWeDecryptWhatItWrites() throws Exception {
        byte[] plain = random(2 * CHUNK + 5);
        Path ours = Files.write(folder.resolve("ours.age"), encrypt(plain, AgeEncryption.WORK_FACTOR));
        Path theirsPlain = Files.write(folder.resolve("theirs"), plain);

        ExternalTool.Run decrypted = ageAtTerminal(1, "age", "-d", "-o", folder.resolve("ours").toString(), ours.toString());
        ExternalTool.Run encrypted = ageAtTerminal(2, "age", "-p", "-o", folder.resolve("theirs.age").toString(),
                theirsPlain.toString());

        assertThat(Files.readAllBytes(folder.resolve("ours"))).as(decrypted.toString()).isEqualTo(plain);
        assertThat(decrypt(Files.readAllBytes(folder.resolve("theirs.age")), PASSPHRASE)).as(encrypted.toString())
                .isEqualTo(plain);
    }

    @Test
    void aWrongPassphraseIsRefused() throws Exception {
        byte[] sealed = encrypt(random(100), QUICK);

        assertThatThrownBy(() -> decrypt(sealed, "Correct horse battery staple".toCharArray()))
                .isInstanceOf(BackupRefused.class).hasMessage("The passphrase does not open this backup.");
    }

    @Test
    void aTruncatedBackupIsRefusedWhereverItWasCut() throws Exception {
        byte[] sealed = encrypt(random(2 * CHUNK + 100), QUICK);
        int header = header(sealed);

        for (int length : List.of(10, header - 3, header + 5, header + 16 + CHUNK + 16, header + 16 + 2 * (CHUNK + 16),
                sealed.length - 1)) {
            byte[] cut = Arrays.copyOf(sealed, length);
            assertThatThrownBy(() -> decrypt(cut, PASSPHRASE)).as("cut at " + length)
                    .isInstanceOf(BackupRefused.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void anAlteredByteIsRefusedNamingWhereAndAnAlteredHeaderToo() throws Exception {
        byte[] sealed = encrypt(random(3 * CHUNK), QUICK);
        int header = header(sealed);
        byte[] payload = sealed.clone();
        payload[header + 16 + CHUNK + 16 + 40] ^= 1;
        byte[] mac = sealed.clone();
        mac[header - 5] = (byte) (mac[header - 5] == 'A' ? 'B' : 'A');
        String text = new String(sealed, 0, header, StandardCharsets.US_ASCII);
        int at = text.indexOf("scrypt ") + "scrypt ".length();
        byte[] salt = (text.substring(0, at) + (text.charAt(at) == 'X' ? 'Y' : 'X') + text.substring(at + 1))
                .getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> decrypt(payload, PASSPHRASE)).isInstanceOf(BackupRefused.class)
                .hasMessage("The backup was altered between bytes 65536 and 131072.");
        assertThatThrownBy(() -> decrypt(mac, PASSPHRASE)).isInstanceOf(BackupRefused.class)
                .hasMessage("The backup's header was altered (its MAC does not match).");
        assertThatThrownBy(() -> decrypt(concat(salt, Arrays.copyOfRange(sealed, header, sealed.length)), PASSPHRASE))
                .isInstanceOf(BackupRefused.class).hasMessage("The passphrase does not open this backup.");
    }

    @Test
    void whatIsNoPassphraseBackupOfOursIsRefusedBeforeAnyWork() throws Exception {
        String stanza = "age-encryption.org/v1\n-> scrypt AAAAAAAAAAAAAAAAAAAAAA %s\nAAAA\n--- AAAA\n";

        assertThatThrownBy(() -> decrypt("PK\u0003\u0004 a zip".getBytes(StandardCharsets.ISO_8859_1), PASSPHRASE))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("This is not a backup of the Signing Service");
        assertThatThrownBy(() -> decrypt("age-encryption.org/v2\n".getBytes(StandardCharsets.US_ASCII), PASSPHRASE))
                .isInstanceOf(BackupRefused.class).hasMessageContaining("no age-encryption.org/v1 header");
        assertThatThrownBy(() -> decrypt(stanza.formatted("23").getBytes(StandardCharsets.US_ASCII), PASSPHRASE))
                .isInstanceOf(BackupRefused.class).hasMessage("The backup asks for scrypt work factor 23; at most 22 is accepted.");
        assertThatThrownBy(() -> decrypt("age-encryption.org/v1\n-> X25519 abc\n".getBytes(StandardCharsets.US_ASCII),
                PASSPHRASE)).isInstanceOf(BackupRefused.class).hasMessageContaining("must be scrypt");
        assertThatThrownBy(() -> decrypt(("age-encryption.org/v1\n" + "A".repeat(10_000)).getBytes(StandardCharsets.US_ASCII),
                PASSPHRASE)).isInstanceOf(BackupRefused.class);
        assertThatThrownBy(() -> decrypt("age-encryption.org/v1\n-> scrypt AA\u0000A 10\n".getBytes(StandardCharsets.ISO_8859_1),
                PASSPHRASE)).isInstanceOf(BackupRefused.class);
    }

    /** age asks for the passphrase on its terminal only: it runs under script(1), given the passphrase that many times. */
    private ExternalTool.Run ageAtTerminal(int times, String... command) throws Exception {
        String answers = ("sleep 1; printf '%s\\n' '" + new String(PASSPHRASE) + "'; ").repeat(times) + "sleep 3";
        ExternalTool.Run run = ExternalTool.run(List.of("sh", "-c", "(" + answers + ") | script -qec '" + String.join(" ", command)
                + "' /dev/null"), Map.of(), folder);
        assertThat(run.exit()).as(run.toString()).isZero();
        return run;
    }

    private static byte[] encrypt(byte[] plain, int workFactor) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgeEncryption.encrypt(new ByteArrayInputStream(plain), out, PASSPHRASE, workFactor);
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, char[] passphrase) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AgeEncryption.decrypt(new ByteArrayInputStream(sealed), out, passphrase);
        return out.toByteArray();
    }

    /** The header's length: up to and including the line that starts with "--- ". */
    private static int header(byte[] sealed) {
        String text = new String(sealed, StandardCharsets.ISO_8859_1);
        return text.indexOf('\n', text.indexOf("\n--- ") + 1) + 1;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
