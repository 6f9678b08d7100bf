package io.signingmanager.manager.filesign.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dd.plist.BinaryPropertyListWriter;
import com.dd.plist.PropertyListParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where bundles keep their parts, and what a malformed or hostile bundle gets: words, never a file outside it. */
class BundleLayoutTest {
    @TempDir
    Path folder;

    @Test
    void appFrameworkAndPlainFoldersAreToldApart() throws Exception {
        Path app = app("Hello.app", "Hello", "com.example.hello");
        Path framework = Files.createDirectories(folder.resolve("Kit.framework/Versions/A/Resources"));
        Files.writeString(framework.resolve("Info.plist"), plist("<key>CFBundleExecutable</key><string>Kit</string>"));
        Files.writeString(framework.resolveSibling("Kit"), "code");
        Files.createSymbolicLink(folder.resolve("Kit.framework/Versions/Current"), Path.of("A"));

        BundleLayout layout = BundleLayout.of(app).orElseThrow();
        assertThat(layout.executablePath()).isEqualTo("MacOS/Hello");
        assertThat(layout.identifier()).isEqualTo("com.example.hello");
        assertThat(layout.codeResources()).isEqualTo(app.resolve("Contents/_CodeSignature/CodeResources"));
        BundleLayout kit = BundleLayout.of(folder.resolve("Kit.framework")).orElseThrow();
        assertThat(kit.content()).isEqualTo(folder.resolve("Kit.framework/Versions/A"));
        assertThat(kit.executablePath()).isEqualTo("Kit");
        assertThat(kit.identifier()).isNull();
        assertThat(BundleLayout.of(Files.createDirectories(folder.resolve("plain")))).isEmpty();
        assertThat(BundleLayout.of(Files.writeString(folder.resolve("file.txt"), "x"))).isEmpty();
    }

    @Test
    void aBinaryInfoPlistIsRead() throws Exception {
        Path app = app("Hello.app", "Hello", "com.example.hello");
        Path info = app.resolve("Contents/Info.plist");
        BinaryPropertyListWriter.write(info.toFile(), PropertyListParser.parse(info.toFile()));
        assertThat(Files.readAllBytes(info)).startsWith("bplist00".getBytes());

        assertThat(BundleLayout.of(app).orElseThrow().identifier()).isEqualTo("com.example.hello");
    }

    @Test
    void malformedBundlesAreRefusedInWords() throws Exception {
        Path missing = app("Missing.app", "Gone", "com.example.missing");
        Files.delete(missing.resolve("Contents/MacOS/Gone"));
        assertThatThrownBy(() -> BundleLayout.of(missing)).isInstanceOf(IOException.class)
                .hasMessageContaining("has no executable Contents/MacOS/Gone");

        Path escaping = app("Escaping.app", "../../../etc/passwd", "com.example.escaping");
        assertThatThrownBy(() -> BundleLayout.of(escaping)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a file name");

        Path linked = app("Linked.app", "Hello", "com.example.linked");
        Files.delete(linked.resolve("Contents/MacOS/Hello"));
        Files.createSymbolicLink(linked.resolve("Contents/MacOS/Hello"), Path.of("/bin/sh"));
        assertThatThrownBy(() -> BundleLayout.of(linked)).as("an executable that is a link is not followed")
                .isInstanceOf(IOException.class).hasMessageContaining("has no executable");

        Path broken = Files.createDirectories(folder.resolve("Broken.app/Contents"));
        Files.writeString(broken.resolve("Info.plist"), "<plist><dict><key>CFBundleExecutable</key>");
        assertThatThrownBy(() -> BundleLayout.of(folder.resolve("Broken.app"))).isInstanceOf(IOException.class)
                .hasMessageContaining("is not a readable property list");

        Path framework = Files.createDirectories(folder.resolve("Out.framework/Versions"));
        Files.createSymbolicLink(framework.resolve("Current"), Path.of("../../.."));
        assertThatThrownBy(() -> BundleLayout.of(folder.resolve("Out.framework"))).isInstanceOf(IOException.class)
                .hasMessageContaining("outside the framework's Versions folder");
    }

    @Test
    void anInfoPlistsExternalEntityIsNotRead() throws Exception {
        Path secret = Files.writeString(folder.resolve("secret.txt"), "TOP-SECRET");
        Path app = Files.createDirectories(folder.resolve("Entity.app/Contents/MacOS"));
        Files.writeString(app.resolve("Entity"), "code");
        Files.writeString(app.resolveSibling("Info.plist"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE plist [<!ENTITY secret SYSTEM "%s">]>
                <plist version="1.0"><dict><key>CFBundleExecutable</key><string>Entity</string>
                <key>CFBundleIdentifier</key><string>x&secret;</string></dict></plist>
                """.formatted(secret.toUri()));

        try {
            assertThat(BundleLayout.of(folder.resolve("Entity.app")).orElseThrow().identifier()).doesNotContain("TOP-SECRET");
        } catch (IOException refused) {
            assertThat(refused).hasMessageNotContaining("TOP-SECRET");
        }
    }

    private Path app(String name, String executable, String identifier) throws Exception {
        Path contents = Files.createDirectories(folder.resolve(name).resolve("Contents"));
        Files.writeString(contents.resolve("Info.plist"), plist("<key>CFBundleExecutable</key><string>" + executable
                + "</string><key>CFBundleIdentifier</key><string>" + identifier + "</string>"));
        Files.writeString(Files.createDirectories(contents.resolve("MacOS")).resolve(executable.replace("/", "_")), "code");
        return folder.resolve(name);
    }

    private static String plist(String entries) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict>" + entries + "</dict></plist>\n";
    }
}
