package io.signingmanager.manager.filesign;

import com.fasterxml.jackson.databind.JsonNode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.json.Json;
import io.signingmanager.manager.agent.AgentFixture;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.service.testing.ExternalTool;
import io.signingmanager.manager.testing.RegisteredClientTest;
import io.signingmanager.manager.testing.SignAudit;
import io.signingmanager.manager.testing.UnsignedInputs;
import io.signingmanager.service.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code signing-manager sign} and the FileSigner under it, against a real Signing Service with an
 * RSA-2048 identity (self-signed) and a P-256 one (issued by a CA), on files made in the run by the
 * tools that make them; the signed files are checked by jarsigner and osslsigncode, the audit by
 * the admin API. A missing tool fails the test.
 */
class FileSigningTest extends RegisteredClientTest {
    private static final String P12_PASSWORD = "p12 password";


    private SignRun sign(String... args) {
        return SignRun.of(manager, args);
    }

    @Test
    void eachFormatIsSignedByEachIdentityAndVerifiedByJarsignerAndOsslsigncode() throws Exception {
        for (TestPki.TestIdentity identity : List.of(rsa, ec)) {
            Path inputs = Files.createDirectories(folder.resolve(identity == rsa ? "rsa" : "ec"));
            Path jar = UnsignedInputs.jar(inputs);
            List<Path> authenticode = List.of(UnsignedInputs.exe(inputs), UnsignedInputs.cab(inputs),
                    UnsignedInputs.msi(inputs), UnsignedInputs.powerShell(inputs));
            List<String> args = new ArrayList<>(List.of("--cert", identity.sha1(), jar.toString()));
            authenticode.forEach(file -> args.add(file.toString()));

            SignRun run = sign(args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.err()).isZero();
            String signer = identity.leaf().getSubjectX500Principal().toString();
            assertThat(run.out().lines()).containsExactly(
                    inputs.resolve("app-signed.jar") + ": Java archive, signed by " + signer,
                    inputs.resolve("setup-signed.exe") + ": Windows executable (PE), signed by " + signer,
                    inputs.resolve("files-signed.cab") + ": Cabinet archive, signed by " + signer,
                    inputs.resolve("installer-signed.msi") + ": Windows Installer package, signed by " + signer,
                    inputs.resolve("deploy-signed.ps1") + ": PowerShell script, signed by " + signer);

            ExternalTool.Run jarsigner = Verifiers.jarsigner(inputs.resolve("app-signed.jar"), folder, Verifiers.anchor(identity.chain()));
            assertThat(jarsigner.exit()).as(jarsigner.toString()).isZero();
            assertThat(jarsigner.stdout()).as(jarsigner.toString()).contains("jar verified.", signer);
            for (Path input : authenticode) {
                Path signed = FileSignRequest.signedSibling(input);
                ExternalTool.Run osslsigncode = Verifiers.osslsigncode(signed, folder, Verifiers.anchor(identity.chain()));
                assertThat(osslsigncode.exit()).as(osslsigncode.toString()).isZero();
                assertThat(osslsigncode.stdout()).as(osslsigncode.toString())
                        .contains("Signature verification: ok", "Number of verified signatures: 1");
            }
            assertAudited(jar, "jar");
            assertAudited(authenticode.get(0), "pe");
            assertAudited(authenticode.get(1), "cab");
            assertAudited(authenticode.get(2), "msi");
            assertAudited(authenticode.get(3), "powershell");
        }
    }

    /** The audit has a signature of the service whose context names that input, its SHA-256 and format. */
    private static void assertAudited(Path input, String format) throws Exception {
        SignAudit.assertAudited(service, input.getFileName().toString(), SignAudit.sha256(input), format);
    }

    @Test
    void outputGoesToTheFileOrFolderAskedForAndJsonIsForScripts() throws Exception {
        Path jar = UnsignedInputs.jar(folder);
        Path script = UnsignedInputs.powerShell(folder);
        Path released = Files.createDirectories(folder.resolve("released"));

        SignRun toFolder = sign("--cert", ec.sha1(), "--output", released.toString(), "--json", jar.toString(), script.toString());

        assertThat(toFolder.exitCode()).as(toFolder.err()).isZero();
        JsonNode results = Json.mapper().readTree(toFolder.out());
        assertThat(results.findValuesAsText("output")).containsExactly(released.resolve("app.jar").toString(),
                released.resolve("deploy.ps1").toString());
        assertThat(results.findValuesAsText("format")).containsExactly("jar", "powershell");
        assertThat(results.get(0).get("inputSha256").asText())
                .isEqualTo(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(Files.readAllBytes(jar))));
        assertThat(results.get(0).get("signer").asText()).contains("CN=" + EC_NAME);

        Path named = folder.resolve("release-1.0.jar");
        SignRun toFile = sign("--cert", rsa.sha1(), "--output", named.toString(), jar.toString());
        assertThat(toFile.exitCode()).as(toFile.err()).isZero();
        assertThat(Verifiers.jarsigner(named, folder, rsa.leaf()).exit()).isZero();

        SignRun inPlace = sign("--cert", rsa.sha1(), "--output", script.toString(), "--force", script.toString());
        assertThat(inPlace.exitCode()).as(inPlace.err()).isZero();
        assertThat(Files.readString(script)).startsWith("Write-Output \"deployed\"\r\n").contains("# SIG # Begin signature block");

        SignRun severalToOneFile = sign("--cert", rsa.sha1(), "--output", named.toString(), jar.toString(), script.toString());
        assertThat(severalToOneFile.exitCode()).isEqualTo(2);
        assertThat(severalToOneFile.err()).contains("--output must be an existing folder when signing several files");
    }

    @Test
    void theEngineReportsHashingProgressAndWhatItSigned() throws Exception {
        Path exe = UnsignedInputs.exe(folder);
        List<long[]> progress = new ArrayList<>();
        FileSigner signer = FileSigner.through(manager);

        FileSignResult result = signer.sign(new FileSignRequest(exe, null, ec.sha1(), null),
                (hashed, total) -> progress.add(new long[] {hashed, total}));

        long size = Files.size(exe);
        assertThat(progress).isNotEmpty();
        assertThat(progress.get(progress.size() - 1)).containsExactly(size, size);
        assertThat(result.output()).isEqualTo(folder.resolve("setup-signed.exe"));
        assertThat(result.format()).isEqualTo(FileFormat.PE);
        assertThat(result.signer()).isEqualTo(ec.leaf().getSubjectX500Principal().toString());
        assertThat(result.inputSha256()).isEqualTo(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(Files.readAllBytes(exe))));
    }

    /**
     * An executable of several read buffers, its Authenticode digest made while it is copied
     * (StreamedPeDigest), then signed again on top (a nested signature, the digest leaving out the table).
     */
    @Test
    void aLargeExecutableIsSignedAndSignedAgainOnTop() throws Exception {
        Path exe = UnsignedInputs.exe(folder);
        byte[] overlay = new byte[3 * 1024 * 1024 + 5];
        new Random(18).nextBytes(overlay);
        Files.write(exe, overlay, StandardOpenOption.APPEND);
        FileSigner signer = FileSigner.through(manager);

        Path once = signer.sign(new FileSignRequest(exe, null, rsa.sha1(), null), HashProgress.NONE).output();
        Path twice = signer.sign(new FileSignRequest(once, folder.resolve("twice.exe"), rsa.sha1(), null),
                HashProgress.NONE).output();

        ExternalTool.Run first = Verifiers.osslsigncode(once, folder, Verifiers.anchor(rsa.chain()));
        assertThat(first.stdout()).as(first.toString()).contains("Signature verification: ok",
                "Number of verified signatures: 1");
        ExternalTool.Run second = Verifiers.osslsigncode(twice, folder, Verifiers.anchor(rsa.chain()));
        assertThat(second.stdout()).as(second.toString()).contains("Signature verification: ok",
                "Number of verified signatures: 2");
        // The image checksum, made from the copy's word sum and the table jsign wrote, is the file's.
        for (ExternalTool.Run run : List.of(first, second)) {
            // osslsigncode 2.9 says "PE checksum   : X" when it matches, else the current and calculated ones.
            assertThat(run.stdout()).as(run.toString()).containsPattern("(?m)^PE checksum   : [0-9A-F]{8}$")
                    .doesNotContain("invalid PE checksum");
        }
    }

    @Test
    void anUnknownCertificateIsRefusedAndNothingIsWritten() throws Exception {
        Path jar = UnsignedInputs.jar(folder);
        List<Path> before = files();

        SignRun run = sign("--cert", "AB".repeat(20), jar.toString());

        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.err()).contains("No certificate with the SHA-1 " + "AB".repeat(20), "signing-manager -r");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void anUnknownFormatOrAMissingFileSignsNothingAtAll() throws Exception {
        Path jar = UnsignedInputs.jar(folder);
        Path text = Files.writeString(folder.resolve("notes.txt"), "not a signable file\n");
        List<Path> before = files();

        SignRun unknown = sign("--cert", rsa.sha1(), jar.toString(), text.toString());
        assertThat(unknown.exitCode()).isEqualTo(7);
        assertThat(unknown.err()).contains(text + " is not a format the Signing Manager signs.", "It signs these formats: Java archive (.jar .war .ear), ",
                ".wsf");

        SignRun missing = sign("--cert", rsa.sha1(), jar.toString(), folder.resolve("missing.exe").toString());
        assertThat(missing.exitCode()).isEqualTo(7);
        assertThat(missing.err()).contains(folder.resolve("missing.exe") + " does not exist or is not a file.");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void anInactiveCertificateIsRefusedWhetherListedBeforeOrAfterAndNothingIsWritten() throws Exception {
        TestPki.TestIdentity soonInactive = TestPki.rsa(2048, "Soon Inactive");
        String id = service.importP12(soonInactive.p12(P12_PASSWORD), P12_PASSWORD).get("id").asText();
        Path jar = UnsignedInputs.jar(folder);
        FileSigner listedBefore = FileSigner.through(manager);
        service.http.patch("/api/v1/admin/certificates/" + id, service.adminToken(), Map.of("active", false));
        List<Path> before = files();

        assertThatThrownBy(() -> listedBefore.sign(new FileSignRequest(jar, null, soonInactive.sha1(), null), HashProgress.NONE))
                .isInstanceOfSatisfying(Problem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(io.signingmanager.manager.connection.ProblemCode.CERTIFICATE_INACTIVE);
                    assertThat(problem.getMessage()).contains("The certificate " + soonInactive.sha1() + " is inactive");
                });
        SignRun run = sign("--cert", soonInactive.sha1(), jar.toString());
        assertThat(run.exitCode()).isEqualTo(6);
        assertThat(run.err()).contains(soonInactive.sha1(), "inactive");
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void withATimestampUrlEachSignatureIsTimeStampedAndTheVerifiersAcceptTheTimeStamp() throws Exception {
        Path jar = UnsignedInputs.jar(folder);
        Path exe = UnsignedInputs.exe(folder);
        try (TestTimestampAuthority tsa = TestTimestampAuthority.start()) {
            SignRun run = sign("--cert", ec.sha1(), "--timestamp-url", tsa.url().toString(), jar.toString(), exe.toString());
            assertThat(run.exitCode()).as(run.err()).isZero();

            ExternalTool.Run jarsigner = Verifiers.jarsigner(folder.resolve("app-signed.jar"), folder,
                    Verifiers.anchor(ec.chain()), tsa.certificate());
            assertThat(jarsigner.exit()).as(jarsigner.toString()).isZero();
            assertThat(jarsigner.stdout()).as(jarsigner.toString())
                    .contains("jar verified.", "Timestamped by \"CN=Test Time Stamping Authority\"");
            ExternalTool.Run osslsigncode = Verifiers.osslsigncode(folder.resolve("setup-signed.exe"), folder,
                    Verifiers.anchor(ec.chain()), tsa.certificate());
            assertThat(osslsigncode.exit()).as(osslsigncode.toString()).isZero();
            assertThat(osslsigncode.stdout()).as(osslsigncode.toString())
                    .contains("Signature verification: ok", "/CN=Test Time Stamping Authority", "Timestamp Server Signature verification: ok");
        }
    }

    @Test
    void anExistingOutputIsReplacedOnlyWithForce() throws Exception {
        Path jar = UnsignedInputs.jar(folder);
        Path script = UnsignedInputs.powerShell(folder);
        Path signedScript = folder.resolve("deploy-signed.ps1");
        Files.writeString(signedScript, "keep me");
        List<Path> before = files();

        SignRun refused = sign("--cert", rsa.sha1(), jar.toString(), script.toString());

        assertThat(refused.exitCode()).isEqualTo(7);
        assertThat(refused.err()).contains(signedScript + " exists already. Nothing was signed.", "--force");
        assertThat(files()).as("not even the jar, whose output was free").isEqualTo(before);
        assertThat(Files.readString(signedScript)).isEqualTo("keep me");
        assertThat(sign("--cert", rsa.sha1(), "--output", script.toString(), script.toString()).exitCode())
                .as("signing in place replaces the input").isEqualTo(7);

        SignRun forced = sign("--cert", rsa.sha1(), "--force", jar.toString(), script.toString());

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(signedScript)).contains("# SIG # Begin signature block");
    }

    @Test
    void anUnreachableTimestampAuthorityFailsTheSigningAndNothingIsWritten() throws Exception {
        Path jar = UnsignedInputs.jar(folder);
        List<Path> before = files();

        SignRun run = sign("--cert", rsa.sha1(), "--timestamp-url", "http://127.0.0.1:9/tsa", jar.toString());

        assertThat(run.exitCode()).isEqualTo(7);
        assertThat(run.err()).contains("Cannot sign " + jar);
        assertThat(files()).isEqualTo(before);
    }

    @Test
    void beforeSetupSignSaysHowToSetUp() throws Exception {
        manager = AgentFixture.manager(AgentFixture.home(folder.resolve("new home")));
        Path jar = UnsignedInputs.jar(folder);

        SignRun run = sign("--cert", rsa.sha1(), jar.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("not set up yet");
    }

    @Test
    void helpSaysWhereTheSignedFileGoes() {
        SignRun run = sign("-h");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--cert <SHA1>", "--timestamp-url URL", "app.jar gives app-signed.jar");
        assertThat(sign("--cert", "not-a-sha1", "app.jar").exitCode()).isEqualTo(2);
        assertThat(sign("--cert", rsa.sha1()).err()).contains("sign needs at least one file");
    }

    /** The files under the test folder, except the Signing Manager's home. */
    private List<Path> files() throws Exception {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).filter(file -> !file.startsWith(folder.resolve("home"))).sorted().toList();
        }
    }
}
