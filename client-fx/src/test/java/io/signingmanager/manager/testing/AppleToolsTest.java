package io.signingmanager.manager.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.service.testing.AppleTestPki;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tools work as their README says: an ldid-signed Mach-O verifies against the test root, and not once changed. */
class AppleToolsTest {
    @TempDir
    Path folder;

    @Test
    void anLdidSignedBinaryVerifiesAgainstTheTestRootAndNotAfterAByteChanges() throws Exception {
        AppleTools tools = AppleTools.get();
        AppleIdentity apple = new AppleIdentity(AppleCertificateType.DEVELOPER_ID_APPLICATION,
                AppleTestPki.certificate(AppleCertificateType.DEVELOPER_ID_APPLICATION, AppleTestPki.TEAM_ID));
        Path p12 = Files.write(folder.resolve("identity.p12"), apple.identity().p12("secret"));
        Path binary = MachOInputs.thin(folder, "x86_64", "hello");

        ExternalTool.Run ldid = tools.run(folder, tools.ldid().toString(), "-S", "-Hsha256", "-K" + p12, "-Usecret",
                "-Icom.example.hello", binary.toString());
        assertThat(ldid.exit()).as(ldid.toString()).isZero();
        ExternalTool.Run valid = tools.verifyMacho(binary, apple.rootPem(folder), folder);
        assertThat(valid.exit()).as(valid.toString()).isZero();
        assertThat(valid.stdout()).as(valid.toString()).contains("VALID");

        byte[] bytes = Files.readAllBytes(binary);
        bytes[0x1000 + 16] ^= 1;
        Files.write(binary, bytes);
        ExternalTool.Run invalid = tools.verifyMacho(binary, apple.rootPem(folder), folder);
        assertThat(invalid.exit()).as(invalid.toString()).isEqualTo(1);
        assertThat(invalid.stdout()).as(invalid.toString()).contains("INVALID");
    }
}
