package io.signingmanager.manager.filesign;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.testing.RegisteredClientTest;
import io.signingmanager.manager.testing.SignAudit;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code signing-manager sign} with many files in one command, against a real Signing Service: the
 * files are signed side by side and their signatures go in batches, yet the output keeps the order
 * given, each signed script verifies with osslsigncode, a file that cannot be signed fails alone, and
 * a refusal every file shares is said once.
 */
class ManyFilesSigningTest extends RegisteredClientTest {
    private static final int SCRIPTS = 60;

    @Test
    void manyScriptsAreSignedInBatchesInTheOrderGivenAndABrokenFileFailsAlone() throws Exception {
        Path inputs = Files.createDirectories(folder.resolve("inputs"));
        Path signed = Files.createDirectories(folder.resolve("signed"));
        List<String> args = new ArrayList<>(List.of("--cert", rsa.sha1(), "--output", signed.toString()));
        List<String> expected = new ArrayList<>();
        String signer = rsa.leaf().getSubjectX500Principal().toString();
        for (int i = 1; i <= SCRIPTS; i++) {
            Path script = Files.writeString(inputs.resolve("step" + i + ".ps1"), "Write-Output \"step " + i + "\"\r\n");
            args.add(script.toString());
            expected.add(signed.resolve(script.getFileName()) + ": PowerShell script, signed by " + signer);
            if (i == SCRIPTS / 2) {
                // A zip by its first bytes, so it passes the checks before signing, but JarSigner cannot read it.
                Path broken = Files.write(inputs.resolve("broken.jar"), "PK\u0003\u0004 not a zip after all"
                        .getBytes(StandardCharsets.ISO_8859_1));
                args.add(broken.toString());
            }
        }

        SignRun run = SignRun.of(manager, args.toArray(String[]::new));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(7);
        assertThat(run.out().lines()).containsExactlyElementsOf(expected);
        assertThat(run.err()).contains("Cannot sign " + inputs.resolve("broken.jar"));
        assertThat(signed.resolve("broken.jar")).doesNotExist();
        for (int i = 1; i <= SCRIPTS; i++) {
            ExternalTool.Run verify = Verifiers.osslsigncode(signed.resolve("step" + i + ".ps1"), folder,
                    Verifiers.anchor(rsa.chain()));
            assertThat(verify.stdout()).as(verify.toString()).contains("Signature verification: ok");
        }
        assertThat(SignAudit.signCalls(service, manager.settings().clientId())).as("round trips for " + SCRIPTS + " signatures").isLessThan(SCRIPTS / 2);
    }

    @Test
    void aRefusalEveryFileSharesIsSaidOnce() throws Exception {
        List<String> args = new ArrayList<>(List.of("--cert", "AB".repeat(20)));
        for (int i = 1; i <= 5; i++) {
            args.add(Files.writeString(folder.resolve("step" + i + ".ps1"), "Write-Output " + i + "\r\n").toString());
        }

        SignRun run = SignRun.of(manager, args.toArray(String[]::new));

        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().split("No certificate with the SHA-1 ", -1)).as(run.err()).hasSize(2);
    }
}
