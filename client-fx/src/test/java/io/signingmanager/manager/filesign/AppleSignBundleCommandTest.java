package io.signingmanager.manager.filesign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.manager.testing.AppleSigningTest;
import io.signingmanager.manager.testing.AppleTools;
import io.signingmanager.manager.testing.BundleInputs;
import io.signingmanager.manager.testing.SignAudit;
import io.signingmanager.service.testing.ExternalTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code signing-manager sign Hello.app}: an app bundle with nested code, signed through the command
 * with a remote Apple-shaped identity, accepted by verify_macho.py (signapple) and
 * check_coderesources.py, each Mach-O inside audited under its path in the bundle; the output rules
 * for folders; a folder that is not a bundle refused with words. Skipped, saying why, without
 * ../shared/apple-tools (outside CI).
 */
class AppleSignBundleCommandTest extends AppleSigningTest {
    private static final List<String> CODE = List.of("Contents/Frameworks/Kit.framework/Versions/A/Kit",
            "Contents/Frameworks/libkit.dylib", "Contents/Library/LoginItems/Helper.app/Contents/MacOS/Helper",
            "Contents/MacOS/tool", "Contents/XPCServices/Service.xpc/Contents/MacOS/Service", "Contents/MacOS/Hello");

    private SignRun sign(String... args) {
        return SignRun.of(manager, args);
    }

    @Test
    void anAppWithNestedCodeIsSignedIntoTheOutputFolderEachMachOAuditedAndTheInputUnchanged() throws Exception {
        AppleTools tools = AppleTools.get();
        Path app = BundleInputs.app(folder, "Hello", true);
        Map<String, String> before = snapshot(app);
        Path out = Files.createDirectories(folder.resolve("out"));
        List<String> audited = auditedInHello();

        SignRun run = sign("--cert", apple.sha1(), "--options", "runtime", "--output", out.toString(), app.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path signed = out.resolve("Hello.app");
        assertThat(run.out()).startsWith(signed + ": macOS bundle (folder), signed by");
        assertValid(tools, signed);
        assertSealed(tools, signed);
        for (String code : CODE) {
            SignAudit.assertAudited(service, "Hello.app/" + code, before.get(code), "app");
        }
        List<String> added = new ArrayList<>(auditedInHello());
        audited.forEach(added::remove);
        List<String> expected = new ArrayList<>(CODE.stream().map(code -> "Hello.app/" + code).toList());
        expected.add("Hello.app/Contents/MacOS/Hello");
        assertThat(added).as("one signature per Mach-O file, per slice: the main executable is universal (x86_64, arm64)")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(snapshot(app)).as("the input bundle is unchanged").isEqualTo(before);
        assertThat(folder.resolve("Hello-signed.app")).doesNotExist();
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).as("no work folder left beside the output").containsExactly(signed);
        }

        SignRun again = sign("--cert", apple.sha1(), "--output", signed.toString(), app.toString());
        assertThat(again.exitCode()).isEqualTo(7);
        assertThat(again.err()).contains(signed + " exists already");
        SignRun replaced = sign("--cert", apple.sha1(), "--force", "--output", signed.toString(), app.toString());
        assertThat(replaced.exitCode()).as(replaced.err()).isZero();
        assertThat(out.resolve("Hello.app").resolve("Hello.app")).as("replaced, not put inside").doesNotExist();
        assertValid(tools, signed);
    }

    @Test
    void entitlementsGoToTheMainExecutableAndAnAppIsSignedBesideItselfOrInPlace() throws Exception {
        AppleTools tools = AppleTools.get();
        Path app = BundleInputs.app(folder, "Hello", true);

        SignRun entitled = sign("--cert", apple.sha1(), "--identifier", "com.example.custom", "--entitlements",
                entitlements(folder).toString(), app.toString());

        assertThat(entitled.exitCode()).as(entitled.err()).isZero();
        Path signed = folder.resolve("Hello-signed.app");
        assertThat(entitled.out()).startsWith(signed + ": macOS bundle (folder), signed by");
        assertValid(tools, signed);
        assertThat(text(signed.resolve("Contents/MacOS/Hello"))).contains("com.example.custom",
                "com.apple.security.cs.disable-library-validation");
        assertThat(text(signed.resolve("Contents/MacOS/tool"))).doesNotContain(
                "com.apple.security.cs.disable-library-validation");
        assertThat(text(signed.resolve("Contents/XPCServices/Service.xpc/Contents/MacOS/Service")))
                .as("nested bundles keep their identifier").contains(BundleInputs.APP_ID + ".service");

        SignRun inPlace = sign("--cert", apple.sha1(), "--force", "--output", app.toString(), app.toString());
        assertThat(inPlace.exitCode()).as(inPlace.err()).isZero();
        assertThat(inPlace.out()).startsWith(app + ": macOS bundle (folder)");
        assertThat(app.resolve("Hello.app")).doesNotExist();
        assertValid(tools, app);
        assertSealed(tools, app);
    }

    @Test
    void aFolderThatIsNotABundleAndOutputsABundleCannotGoToAreRefusedWithWordsAndNothingIsWritten() throws Exception {
        AppleTools.get();
        Path app = BundleInputs.app(folder, "Hello", false);
        Path plain = Files.createDirectories(folder.resolve("plain"));
        Files.writeString(plain.resolve("readme.txt"), "not a bundle");
        Path file = Files.writeString(folder.resolve("out.txt"), "a file");
        Path other = BundleInputs.app(Files.createDirectories(folder.resolve("other")), "Other", false);
        List<Path> entries = list(folder);

        SignRun notABundle = sign("--cert", apple.sha1(), app.toString(), plain.toString());
        SignRun ontoAFile = sign("--cert", apple.sha1(), "--force", "--output", file.toString(), app.toString());
        SignRun intoABundle = sign("--cert", apple.sha1(), "--force", "--output", other.toString(), app.toString());

        assertThat(notABundle.exitCode()).isEqualTo(7);
        assertThat(notABundle.err()).contains(plain + " is a folder, not a macOS bundle", "Nothing was signed");
        assertThat(ontoAFile.exitCode()).isEqualTo(7);
        assertThat(ontoAFile.err()).contains("is a file, and Hello.app is a bundle");
        assertThat(intoABundle.exitCode()).isEqualTo(7);
        assertThat(intoABundle.err()).contains("is a bundle that is there already");
        assertThat(list(folder)).as("nothing written").isEqualTo(entries);
        assertThat(Files.readString(file)).isEqualTo("a file");
        assertThat(other.resolve("Hello.app")).doesNotExist();
    }

    private void assertValid(AppleTools tools, Path code) throws Exception {
        ExternalTool.Run valid = tools.verifyMacho(code, apple.rootPem(folder), folder);
        assertThat(valid.exit()).as(valid.toString()).isZero();
        assertThat(valid.stdout()).as(valid.toString()).startsWith("VALID");
    }

    /** check_coderesources.py: every file against the seal; nested code is verified on its own. */
    private void assertSealed(AppleTools tools, Path bundle) throws Exception {
        ExternalTool.Run check = tools.check("check_coderesources.py", List.of(bundle.toString()), folder);
        List<String> lines = check.stdout().lines().toList();
        List<String> nested = lines.stream().filter(line -> line.startsWith("NESTED (verify separately) "))
                .map(line -> line.substring("NESTED (verify separately) ".length()) + "/").toList();
        assertThat(lines.stream().filter(line -> !line.startsWith("NESTED") && !line.startsWith("CodeResources:"))
                .filter(line -> !(line.startsWith("UNSEALED ") && nested.stream().anyMatch(line.substring(9)::startsWith))))
                .as(check.toString()).isEmpty();
    }

    /** The file names of the audit's signatures in a bundle named Hello.app, one per signature. */
    private static List<String> auditedInHello() {
        JsonNode records = service.http.get("/api/v1/admin/audit?type=sign&limit=1000", service.adminToken()).json()
                .get("records");
        return records.findValues("context").stream().map(context -> context.path("fileName").asText())
                .filter(name -> name.startsWith("Hello.app/")).toList();
    }

    /** Every file's SHA-256 and every link's target, by path in the bundle. */
    private static Map<String, String> snapshot(Path bundle) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(bundle)) {
            for (Path path : walk.toList()) {
                String name = bundle.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    files.put(name, "-> " + Files.readSymbolicLink(path));
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(name, SignAudit.sha256(path));
                }
            }
        }
        return files;
    }

    /** What the test wrote in its folder, without the Manager's home (its log). */
    private List<Path> list(Path folder) throws Exception {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(path -> !path.startsWith(folder.resolve("home"))).sorted().toList();
        }
    }

    private static String text(Path file) throws Exception {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }

    private static Path entitlements(Path folder) throws Exception {
        return Files.writeString(folder.resolve("app.entitlements"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<plist version=\"1.0\"><dict><key>com.apple.security.cs.disable-library-validation</key><true/></dict></plist>");
    }
}
