package io.signingmanager.manager.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.common.protocol.SigningFiles;
import io.signingmanager.common.protocol.SigningFiles.SigningIdentity;
import io.signingmanager.common.protocol.SigningFiles.SigningProfile;
import io.signingmanager.manager.connection.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of writing what a service sent: byte for byte under the UUID's name, commands by role,
 * and nothing written, nowhere, when the answer would reach outside the folder or into a pasted command.
 */
class SigningFilesWriterTest {
    private static final String MAIN_UUID = "6F1C2A52-0D6B-4E4B-9F3E-2B7A4C1D9E01";
    private static final String EXTENSION_UUID = "0B4D7C1E-2F3A-4B5C-8D9E-0A1B2C3D4E5F";
    private static final String APP_SHA1 = "74FD9E670CFB7C906630B49FD26591CD66C66D79";
    private static final String INSTALLER_SHA1 = "125F19515E25FA23CC1BA82E3E7A09D0A2097980";
    private static final byte[] MAIN = {0x30, (byte) 0x82, 0, 1, 2, 3};
    private static final byte[] EXTENSION = {0x30, (byte) 0x82, 9, 8, 7};

    @TempDir
    Path folder;

    private static SigningProfile profile(String uuid, String bundleId, byte[] content) {
        return new SigningProfile(uuid, bundleId + " profile", bundleId, Instant.parse("2027-06-01T00:00:00Z"),
                Base64.getEncoder().encodeToString(content));
    }

    private static SigningFiles files(Distribution distribution, List<SigningProfile> profiles, String applicationSha1) {
        return new SigningFiles("MyApp release", "com.example.myapp", distribution, profiles, List.of(
                new SigningIdentity(IdentityRole.APPLICATION, applicationSha1, "3rd Party Mac Developer Application: Ex (T1)",
                        AppleCertificateType.MAC_APP_DISTRIBUTION, "T1"),
                new SigningIdentity(IdentityRole.INSTALLER, INSTALLER_SHA1, "3rd Party Mac Developer Installer: Ex (T1)",
                        AppleCertificateType.MAC_INSTALLER_DISTRIBUTION, "T1")));
    }

    @Test
    void writesEachProfileByteForByteUnderItsUuidAndMakesTheCommands() throws Exception {
        Path target = folder.resolve("new folder");
        FetchedFiles fetched = SigningFilesWriter.write(files(Distribution.MAC_APP_STORE, List.of(
                profile(EXTENSION_UUID, "com.example.myapp.widget", EXTENSION),
                profile(MAIN_UUID, "com.example.myapp", MAIN)), APP_SHA1), target);

        assertThat(Files.readAllBytes(target.resolve(MAIN_UUID + ".provisionprofile"))).isEqualTo(MAIN);
        assertThat(Files.readAllBytes(target.resolve(EXTENSION_UUID + ".provisionprofile"))).isEqualTo(EXTENSION);
        assertThat(target).isDirectoryNotContaining(path -> path.getFileName().toString().startsWith("."));
        assertThat(fetched.identities().get(0).commands()).containsExactly(
                "cp '" + target.resolve(MAIN_UUID + ".provisionprofile") + "' MyApp.app/Contents/embedded.provisionprofile",
                "codesign --force --sign \"" + APP_SHA1 + "\" --timestamp --entitlements MyApp.entitlements MyApp.app");
        assertThat(fetched.identities().get(1).commands()).containsExactly(
                "productsign --sign \"" + INSTALLER_SHA1 + "\" source.pkg destination.pkg");
    }

    @Test
    void developerIdSignsWithTheHardenedRuntime() throws Exception {
        FetchedFiles fetched = SigningFilesWriter.write(files(Distribution.DEVELOPER_ID,
                List.of(profile(MAIN_UUID, "com.example.myapp", MAIN)), APP_SHA1), folder);

        assertThat(fetched.identities().get(0).commands().get(1)).contains("--timestamp --options runtime");
    }

    @Test
    void aUuidThatIsNotAUuidWritesNothing() {
        assertThatThrownBy(() -> SigningFilesWriter.write(files(Distribution.MAC_APP_STORE, List.of(
                profile(MAIN_UUID, "com.example.myapp", MAIN),
                profile("../../.bashrc", "com.example.myapp", MAIN)), APP_SHA1), folder.resolve("a/b")))
                .isInstanceOfSatisfying(Problem.class, problem -> {
                    assertThat(problem.kind()).isEqualTo(Problem.Kind.SERVICE);
                    assertThat(problem.getMessage()).contains("UUID is not a UUID (\"../../.bashrc\")", "Nothing was written");
                });
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void aSha1ThatWouldRunInAPastedCommandWritesNothing() {
        assertThatThrownBy(() -> SigningFilesWriter.write(files(Distribution.MAC_APP_STORE,
                List.of(profile(MAIN_UUID, "com.example.myapp", MAIN)), "\"; rm -rf ~; \""), folder))
                .isInstanceOf(Problem.class).hasMessageContaining("SHA-1 or role cannot be used");
        assertThat(folder).isEmptyDirectory();
    }

    @Test
    void contentThatIsNotBase64WritesNothing() {
        SigningProfile broken = new SigningProfile(MAIN_UUID, "x", "com.example.myapp", null, "not base64!");

        assertThatThrownBy(() -> SigningFilesWriter.write(files(Distribution.MAC_APP_STORE, List.of(broken), APP_SHA1),
                folder)).isInstanceOf(Problem.class).hasMessageContaining("not base64");
        assertThat(folder).isEmptyDirectory();
    }
}
