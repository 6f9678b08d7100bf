package io.signingmanager.manager.filesign.macho;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.filesign.bundle.BundleSigner;
import io.signingmanager.manager.testing.AppleSigningTest;
import io.signingmanager.manager.testing.AppleTools;
import io.signingmanager.manager.testing.BundleInputs;
import io.signingmanager.manager.testing.RemoteKeys;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ldid, a second and independent signer, signs a copy of the same app (resources, a localization,
 * Base.lproj, files the rules omit) with the same identifier, team, flags (none) and requirements
 * (ours, passed with -Q): its CodeResources is byte for byte ours and its CDHash, which covers the
 * Info.plist's and the seal's hashes, is ours. (ldid treats nested code otherwise: it seals nested
 * Mach-O files by their file hash and nested bundles with "anchor apple generic" and a full SHA-256,
 * where codesign uses the CDHash and the designated requirement; so this app has none. And it lists
 * links after the files, unsorted: the app has no link here, BundleSignerTest checks ours.)
 */
class BundleCdHashTest extends AppleSigningTest {
    @Test
    void ourSealAndCdHashAreTheOnesLdidWritesForTheSameChoices() throws Exception {
        AppleTools tools = AppleTools.get();
        Path ours = BundleInputs.app(Files.createDirectories(folder.resolve("ours")), "Hello", false);
        // ldid lists links after the files where codesign sorts every path: without one, the bytes compare.
        Files.delete(ours.resolve("Contents/Resources/latest.txt"));
        Path theirs = folder.resolve("theirs").resolve("Hello.app");
        ExternalTool.Run copy = ExternalTool.run(List.of("cp", "-a", ours.toString(), theirs.getParent().toString()), Map.of(),
                Files.createDirectories(theirs.getParent()));
        assertThat(copy.exit()).as(copy.toString()).isZero();
        Path p12 = Files.write(folder.resolve("apple.p12"), apple.identity().p12("secret"));
        Path requirements = Files.write(folder.resolve("requirements.bin"),
                Requirements.designated(BundleInputs.APP_ID, AppleCertificate.of(apple.leaf())));

        List<BundleSigner.Signed> signed = BundleSigner.sign(ours,
                (file, sha256) -> RemoteKeys.of(manager, apple.sha1(), file, "app"),
                new MachOOptions(BundleInputs.APP_ID, false, null, null));
        // ldid does not pass -C (flags) to a bundle's executable: both sign without the hardened runtime here.
        ExternalTool.Run ldid = tools.run(folder, tools.ldid().toString(), "-S", "-Hsha256", "-K" + p12,
                "-Usecret", "-Q" + requirements, theirs.toString());
        assertThat(ldid.exit()).as(ldid.toString()).isZero();

        String seal = "Contents/_CodeSignature/CodeResources";
        assertThat(Files.readString(ours.resolve(seal))).isEqualTo(Files.readString(theirs.resolve(seal)));
        ExternalTool.Run printed = tools.run(folder, tools.ldid().toString(), "-h",
                BundleInputs.executable(theirs).toString());
        assertThat(printed.stdout()).as(printed.toString()).contains("CDHash=" + signed.get(0).cdHash());
    }
}
