package io.signingmanager.manager.filesign.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.dd.plist.NSData;
import com.dd.plist.NSDictionary;
import com.dd.plist.PropertyListParser;
import io.signingmanager.manager.filesign.macho.MachOOptions;
import io.signingmanager.manager.testing.AppleSigningTest;
import io.signingmanager.manager.testing.AppleTools;
import io.signingmanager.manager.testing.BundleInputs;
import io.signingmanager.manager.testing.RemoteKeys;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * App bundles made from clang-made Mach-O files, signed inside out with an Apple-shaped identity held
 * by a real Signing Service; checked by signapple ({@code verify_macho.py}: the code pages, the
 * Info.plist and CodeResources slots, the CMS, the chain) and {@code check_coderesources.py} (every
 * file against the seal). Skipped, saying why, where ../shared/apple-tools is missing (outside CI).
 */
class BundleSignerTest extends AppleSigningTest {
    @Test
    void anAppAndEachPieceOfItsNestedCodeVerify() throws Exception {
        AppleTools tools = AppleTools.get();
        Path app = BundleInputs.app(folder, "Hello", true);

        List<BundleSigner.Signed> signed = sign(app);

        assertThat(signed).extracting(BundleSigner.Signed::path).containsExactly(
                "Hello.app/Contents/Frameworks/Kit.framework/Versions/A/Kit",
                "Hello.app/Contents/Frameworks/libkit.dylib",
                "Hello.app/Contents/Library/LoginItems/Helper.app/Contents/MacOS/Helper",
                "Hello.app/Contents/MacOS/tool",
                "Hello.app/Contents/XPCServices/Service.xpc/Contents/MacOS/Service",
                "Hello.app/Contents/MacOS/Hello");
        assertValid(tools, app);
        assertSealed(tools, app);
        Path contents = app.resolve("Contents");
        for (Path nested : List.of(contents.resolve("Library/LoginItems/Helper.app"),
                contents.resolve("XPCServices/Service.xpc/Contents/MacOS/Service"), contents.resolve("MacOS/tool"),
                contents.resolve("Frameworks/libkit.dylib"), frameworkAsApp(contents.resolve("Frameworks/Kit.framework")))) {
            assertValid(tools, nested);
        }
        assertSealed(tools, contents.resolve("Library/LoginItems/Helper.app"));

        NSDictionary files2 = (NSDictionary) seal(app).get("files2");
        Map<String, String> cdHashes = signed.stream().collect(Collectors.toMap(BundleSigner.Signed::path,
                BundleSigner.Signed::cdHash));
        for (String nested : List.of("Frameworks/Kit.framework", "Frameworks/libkit.dylib", "MacOS/tool",
                "Library/LoginItems/Helper.app", "XPCServices/Service.xpc")) {
            NSDictionary entry = (NSDictionary) files2.get(nested);
            assertThat((Object) entry).as(nested).isNotNull();
            String code = signed.stream().map(BundleSigner.Signed::path)
                    .filter(path -> path.startsWith("Hello.app/Contents/" + nested)).findFirst().orElseThrow();
            assertThat(HexFormat.of().formatHex(((NSData) entry.get("cdhash")).bytes())).as(nested)
                    .isEqualTo(cdHashes.get(code));
            assertThat(entry.get("requirement").toJavaObject().toString()).as(nested)
                    .contains("anchor apple generic").contains("certificate leaf[subject.OU] = \"" + apple.teamId() + "\"");
        }
    }

    @Test
    void theSealFollowsCodesignsRules() throws Exception {
        Path app = BundleInputs.app(folder, "Hello", false);

        sign(app);

        NSDictionary seal = seal(app);
        NSDictionary files = (NSDictionary) seal.get("files");
        NSDictionary files2 = (NSDictionary) seal.get("files2");
        assertThat(files.allKeys()).as("version 1 rules omit no .DS_Store").containsExactlyInAnyOrder(
                "Resources/.DS_Store", "Resources/Base.lproj/Main.txt",
                "Resources/en.lproj/Localizable.strings", "Resources/readme.txt", "version.plist");
        assertThat(files2.allKeys()).as("Info.plist, PkgInfo, .DS_Store, locversion.plist and the executable are left out")
                .containsExactlyInAnyOrder("Resources/Base.lproj/Main.txt", "Resources/en.lproj/Localizable.strings",
                        "Resources/latest.txt", "Resources/readme.txt", "version.plist");
        assertThat(((NSDictionary) files2.get("Resources/en.lproj/Localizable.strings")).get("optional").toJavaObject())
                .isEqualTo(true);
        assertThat(((NSDictionary) files2.get("Resources/latest.txt")).get("symlink").toJavaObject()).isEqualTo("readme.txt");
        assertThat(((NSDictionary) seal.get("rules2")).allKeys()).contains("^Resources/", "^(.*/)?\\.DS_Store$",
                "^[^/]+$");
    }

    @Test
    void oneChangedByteOfCodeInfoPlistResourceOrSealIsRefused() throws Exception {
        AppleTools tools = AppleTools.get();
        Path app = BundleInputs.app(folder, "Hello", false);
        sign(app);

        Path code = copy(app, "code");
        flip(BundleInputs.executable(code), 0x1000 + 0x20 + universalOffset(BundleInputs.executable(code)));
        assertInvalid(tools, code, "Code slot hash mismatch");
        Path info = copy(app, "info");
        Files.writeString(info.resolve("Contents/Info.plist"), Files.readString(info.resolve("Contents/Info.plist"))
                .replace("APPL", "APPX"));
        assertInvalid(tools, info, "Info.plist Hash mismatch");
        Path seal = copy(app, "seal");
        flip(seal.resolve("Contents/_CodeSignature/CodeResources"), 300);
        assertInvalid(tools, seal, "CodeResources Hash mismatch");

        Path resource = copy(app, "resource");
        Files.writeString(resource.resolve("Contents/Resources/readme.txt"), "Hello from someone else\n");
        Files.writeString(resource.resolve("Contents/Resources/added.txt"), "not sealed\n");
        ExternalTool.Run check = tools.check("check_coderesources.py", List.of(resource.toString()), folder);
        assertThat(check.exit()).as(check.toString()).isEqualTo(1);
        assertThat(check.stdout()).contains("MODIFIED Resources/readme.txt").contains("UNSEALED Resources/added.txt");
    }

    private List<BundleSigner.Signed> sign(Path app) throws Exception {
        return BundleSigner.sign(app, (file, sha256) -> RemoteKeys.of(manager, apple.sha1(), file, "app"),
                new MachOOptions(BundleInputs.APP_ID, true, null, null));
    }

    private static NSDictionary seal(Path app) throws Exception {
        return (NSDictionary) PropertyListParser.parse(app.resolve("Contents/_CodeSignature/CodeResources").toFile());
    }

    private void assertValid(AppleTools tools, Path code) throws Exception {
        ExternalTool.Run valid = tools.verifyMacho(code, apple.rootPem(folder), folder);
        assertThat(valid.exit()).as(valid.toString()).isZero();
        assertThat(valid.stdout()).as(valid.toString()).startsWith("VALID");
    }

    private void assertInvalid(AppleTools tools, Path code, String why) throws Exception {
        ExternalTool.Run invalid = tools.verifyMacho(code, apple.rootPem(folder), folder);
        assertThat(invalid.exit()).as(invalid.toString()).isEqualTo(1);
        assertThat(invalid.stdout()).as(invalid.toString()).startsWith("INVALID").contains(why);
    }

    /**
     * check_coderesources.py finds every file listed with its hash, and no file left out. It lists
     * nested code (sealed by CDHash) as "NESTED" without descending, yet still calls the files inside
     * those nested bundles "UNSEALED": those lines, and only those, are its limit, not a fault.
     */
    private void assertSealed(AppleTools tools, Path bundle) throws Exception {
        ExternalTool.Run check = tools.check("check_coderesources.py", List.of(bundle.toString()), folder);
        List<String> lines = check.stdout().lines().toList();
        List<String> nested = lines.stream().filter(line -> line.startsWith("NESTED (verify separately) "))
                .map(line -> line.substring("NESTED (verify separately) ".length()) + "/").toList();
        List<String> problems = lines.stream().filter(line -> !line.startsWith("NESTED") && !line.startsWith("CodeResources:"))
                .filter(line -> !(line.startsWith("UNSEALED ") && nested.stream().anyMatch(line.substring(9)::startsWith)))
                .toList();
        assertThat(problems).as(check.toString()).isEmpty();
        assertThat(check.exit() == 0 || !nested.isEmpty()).as(check.toString()).isTrue();
    }

    /**
     * signapple looks for the seal and Info.plist beside {@code MacOS/}: a signed framework's version
     * folder, copied into that layout, is checked as it is.
     */
    private Path frameworkAsApp(Path framework) throws Exception {
        Path contents = Files.createDirectories(folder.resolve("KitCheck.app/Contents/MacOS"));
        Path version = framework.resolve("Versions/A");
        Files.copy(version.resolve("Kit"), contents.resolve("Kit"));
        Files.copy(version.resolve("Resources/Info.plist"), contents.resolveSibling("Info.plist"));
        Files.createDirectories(contents.resolveSibling("_CodeSignature"));
        Files.copy(version.resolve("_CodeSignature/CodeResources"), contents.resolveSibling("_CodeSignature/CodeResources"));
        return contents.resolve("Kit");
    }

    private Path copy(Path app, String name) throws Exception {
        Path copy = folder.resolve(name).resolve(app.getFileName());
        ExternalTool.Run run = ExternalTool.run(List.of("cp", "-a", app.toString(), copy.getParent().toString()),
                Map.of(), Files.createDirectories(copy.getParent()));
        assertThat(run.exit()).as(run.toString()).isZero();
        return copy;
    }

    private static void flip(Path file, int offset) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        bytes[offset] ^= 1;
        Files.write(file, bytes);
    }

    private static int universalOffset(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        return header.getInt(0) == 0xcafebabe ? header.getInt(16) : 0;
    }
}
