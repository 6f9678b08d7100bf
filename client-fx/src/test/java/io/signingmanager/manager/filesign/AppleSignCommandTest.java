package io.signingmanager.manager.filesign;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.testing.AppleSigningTest;
import io.signingmanager.manager.testing.AppleTools;
import io.signingmanager.manager.testing.MachOInputs;
import io.signingmanager.manager.testing.PackageInputs;
import io.signingmanager.manager.testing.SignAudit;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code signing-manager sign} with a remote Apple-shaped identity: a clang-made universal Mach-O with
 * --identifier, --options runtime and one-line --entitlements, and a mkbom/xar package, accepted by
 * verify_macho.py (signapple) and verify_pkg.py; codesign's options refused for other formats;
 * --timestamp-url used for Mach-O files and packages.
 * Skipped, saying why, without ../shared/apple-tools (outside CI).
 */
class AppleSignCommandTest extends AppleSigningTest {

    private SignRun sign(String... args) {
        return SignRun.of(manager, args);
    }

    @Test
    void aMachOWithCodesignsOptionsAndAFlatPackageAreSignedAndVerify() throws Exception {
        AppleTools tools = AppleTools.get();
        Path root = apple.rootPem(folder);
        Path binary = MachOInputs.universal(folder, "hello");
        Path pkg = PackageInputs.component(tools, folder, "hello.pkg");
        String binarySha256 = SignAudit.sha256(binary);
        String pkgSha256 = SignAudit.sha256(pkg);

        SignRun machO = sign("--cert", apple.sha1(), "--identifier", "com.example.hello", "--options", "runtime",
                "--entitlements", entitlements(folder).toString(), binary.toString());
        SignRun flat = sign("--cert", apple.sha1(), pkg.toString());

        assertThat(machO.exitCode()).as(machO.err()).isZero();
        assertThat(machO.out()).startsWith(folder.resolve("hello-signed") + ": Mach-O executable or library, signed by");
        Path signedBinary = folder.resolve("hello-signed");
        ExternalTool.Run binaryCheck = tools.verifyMacho(signedBinary, root, folder);
        assertThat(binaryCheck.exit()).as(binaryCheck.toString()).isZero();
        assertThat(binaryCheck.stdout()).as(binaryCheck.toString()).startsWith("VALID");
        String bytes = new String(Files.readAllBytes(signedBinary), StandardCharsets.ISO_8859_1);
        assertThat(bytes).contains("com.example.hello", "com.apple.security.cs.disable-library-validation");
        SignAudit.assertAudited(service, "hello", binarySha256, "macho");

        assertThat(flat.exitCode()).as(flat.err()).isZero();
        assertThat(flat.out()).startsWith(folder.resolve("hello-signed.pkg") + ": Flat installer package (xar), signed by");
        ExternalTool.Run pkgCheck = tools.verifyPkg(folder.resolve("hello-signed.pkg"), root, folder);
        assertThat(pkgCheck.exit()).as(pkgCheck.toString()).isZero();
        SignAudit.assertAudited(service, "hello.pkg", pkgSha256, "pkg");
    }

    @Test
    void theIdentifierIsTheFileNameByDefaultAndCodesignsOptionsAreRefusedForOtherFormats() throws Exception {
        AppleTools tools = AppleTools.get();
        Path binary = MachOInputs.thin(folder, "arm64", "tool");
        Path pkg = PackageInputs.component(tools, folder, "tool.pkg");

        SignRun plain = sign("--cert", apple.sha1(), binary.toString());
        SignRun entitled = sign("--cert", apple.sha1(), "--entitlements", entitlements(folder).toString(),
                "--output", folder.resolve("entitled").toString(), binary.toString());
        SignRun refused = sign("--cert", apple.sha1(), "--options", "runtime", binary.toString(), pkg.toString());
        SignRun wrongOption = sign("--cert", apple.sha1(), "--options", "library", binary.toString());
        SignRun unreachableTsa = sign("--cert", apple.sha1(), "--timestamp-url", "http://127.0.0.1:9/tsa",
                "--output", folder.resolve("stamped").toString(), binary.toString());
        SignRun unreachableTsaPkg = sign("--cert", apple.sha1(), "--timestamp-url", "http://127.0.0.1:9/tsa",
                "--output", folder.resolve("stamped.pkg").toString(), pkg.toString());

        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(new String(Files.readAllBytes(folder.resolve("tool-signed")), StandardCharsets.ISO_8859_1)).contains("tool\0");
        assertThat(entitled.exitCode()).as(entitled.err()).isZero();
        assertThat(new String(Files.readAllBytes(folder.resolve("entitled")), StandardCharsets.ISO_8859_1))
                .contains("com.apple.security.cs.disable-library-validation");
        ExternalTool.Run entitledCheck = tools.verifyMacho(folder.resolve("entitled"), apple.rootPem(folder), folder);
        assertThat(entitledCheck.exit()).as(entitledCheck.toString()).isZero();
        assertThat(refused.exitCode()).isEqualTo(7);
        assertThat(refused.err()).contains("--identifier, --entitlements and --options are for Mach-O files",
                "Flat installer package (xar)");
        assertThat(Files.exists(folder.resolve("tool-signed.pkg"))).isFalse();
        assertThat(wrongOption.exitCode()).isEqualTo(2);
        assertThat(wrongOption.err()).contains("--options takes \"runtime\"");
        assertThat(unreachableTsa.exitCode()).as("--timestamp-url reaches the Mach-O signer").isNotZero();
        assertThat(Files.exists(folder.resolve("stamped"))).isFalse();
        assertThat(unreachableTsaPkg.exitCode()).as("--timestamp-url reaches the package signer").isNotZero();
        assertThat(Files.exists(folder.resolve("stamped.pkg"))).isFalse();
    }

    /** Entitlements on one line: signed as given, signapple refused them (its re-serialized XML hashed otherwise). */
    private static Path entitlements(Path folder) throws Exception {
        return Files.writeString(folder.resolve("tool.entitlements"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<plist version=\"1.0\"><dict><key>com.apple.security.cs.disable-library-validation</key><true/></dict></plist>");
    }
}
