package io.signingmanager.manager.filesign.macho;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.signingmanager.manager.testing.AppleTools;
import io.signingmanager.manager.testing.MachOInputs;
import io.signingmanager.manager.testing.AppleSigningTest;
import io.signingmanager.manager.testing.RemoteKeys;
import io.signingmanager.service.testing.ExternalTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Entitlements in both forms: the XML as a canonical plist (keys sorted, plistlib's and codesign's
 * layout), the DER one as macOS reads it. ldid writes an older DER form (a SET, without the
 * APPLICATION 16 wrapper) and its own XML (libplist's), so its CDHash differs from ours with
 * entitlements; MachOSignerTest compares without them.
 */
class EntitlementsTest extends AppleSigningTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final String XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
            \t<key>com.apple.security.cs.allow-jit</key>
            \t<true/>
            \t<key>com.apple.security.application-groups</key>
            \t<array>
            \t\t<string>A1B2C3D4E5.group</string>
            \t</array>
            </dict>
            </plist>
            """;
    /** The same keys sorted: what the XML blob holds. */
    private static final String CANONICAL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
            \t<key>com.apple.security.application-groups</key>
            \t<array>
            \t\t<string>A1B2C3D4E5.group</string>
            \t</array>
            \t<key>com.apple.security.cs.allow-jit</key>
            \t<true/>
            </dict>
            </plist>
            """;
    /** Bytes 0 to 59 in base64. */
    private static final String BYTES_0_TO_59 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7";
    /** Every kind of value the DER form holds, on one line, keys in no order. */
    private static final String ONE_LINE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><dict>"
            + "<key>com.apple.security.cs.allow-jit</key><true/>"
            + "<key>com.apple.security.application-groups</key><array><string>A1B2C3D4E5.group</string>"
            + "<string>R&amp;D &lt;beta&gt;</string></array>"
            + "<key>com.apple.developer.icloud-container-environment</key><dict/>"
            + "<key>com.apple.security.device.audio-input</key><false/>"
            + "<key>com.apple.developer.associated-domains</key><array/>"
            + "<key>com.example.level</key><integer>42</integer>"
            + "<key>com.example.blob</key><data>" + BYTES_0_TO_59 + "</data>"
            + "<key>com.example.nested</key><dict><key>second</key><data>" + BYTES_0_TO_59 + "</data>"
            + "<key>first</key><integer>-1</integer></dict>"
            + "</dict></plist>";
    /** What plistlib.dumps writes for ONE_LINE: base64 lines of 51 bytes at depth 1, of 45 at depth 2. */
    private static final String ONE_LINE_CANONICAL = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <plist version="1.0">
            <dict>
            \t<key>com.apple.developer.associated-domains</key>
            \t<array/>
            \t<key>com.apple.developer.icloud-container-environment</key>
            \t<dict/>
            \t<key>com.apple.security.application-groups</key>
            \t<array>
            \t\t<string>A1B2C3D4E5.group</string>
            \t\t<string>R&amp;D &lt;beta&gt;</string>
            \t</array>
            \t<key>com.apple.security.cs.allow-jit</key>
            \t<true/>
            \t<key>com.apple.security.device.audio-input</key>
            \t<false/>
            \t<key>com.example.blob</key>
            \t<data>
            \tAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEy
            \tMzQ1Njc4OTo7
            \t</data>
            \t<key>com.example.level</key>
            \t<integer>42</integer>
            \t<key>com.example.nested</key>
            \t<dict>
            \t\t<key>first</key>
            \t\t<integer>-1</integer>
            \t\t<key>second</key>
            \t\t<data>
            \t\tAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKiss
            \t\tLS4vMDEyMzQ1Njc4OTo7
            \t\t</data>
            \t</dict>
            </dict>
            </plist>
            """;

    @Test
    void bothFormsAreSealedInTheirSlotsAndTheBinaryVerifies() throws Exception {
        AppleTools tools = AppleTools.get();
        Path binary = MachOInputs.thin(folder, "arm64", "entitled");

        MachOSigner.sign(binary, RemoteKeys.of(manager, apple.sha1(), binary, "macho"),
                new MachOOptions("com.example.entitled", true, XML.getBytes(StandardCharsets.UTF_8), null));

        ExternalTool.Run valid = tools.verifyMacho(binary, apple.rootPem(folder), folder);
        assertThat(valid.exit()).as(valid.toString()).isZero();
        byte[] signed = Files.readAllBytes(binary);
        assertThat(SliceSigner.blob(signed, Blobs.SLOT_ENTITLEMENTS)).isEqualTo(
                Blobs.blob(Blobs.EMBEDDED_ENTITLEMENTS, CANONICAL.getBytes(StandardCharsets.UTF_8)));
        ExternalTool.Run printed = tools.run(folder, tools.ldid().toString(), "-e", binary.toString());
        assertThat(printed.stdout()).as(printed.toString()).contains("com.apple.security.application-groups");
    }

    /** The one-line plist signapple refused ("Blob (magic 0xfade7171) hash mismatch") before the XML was made canonical. */
    @Test
    void oneLineEntitlementsInAUniversalBinaryVerify() throws Exception {
        AppleTools tools = AppleTools.get();
        Path binary = MachOInputs.universal(folder, "one-line");
        String oneLine = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><dict>"
                + "<key>com.apple.security.cs.allow-jit</key><true/></dict></plist>";

        MachOSigner.sign(binary, RemoteKeys.of(manager, apple.sha1(), binary, "macho"),
                new MachOOptions("com.example.one-line", true, oneLine.getBytes(StandardCharsets.UTF_8), null));

        ExternalTool.Run valid = tools.verifyMacho(binary, apple.rootPem(folder), folder);
        assertThat(valid.exit()).as(valid.toString()).isZero();
        assertThat(valid.stdout()).as(valid.toString()).startsWith("VALID");
    }

    @Test
    void theXmlFormIsCanonicalWithKeysSorted() throws Exception {
        assertThat(new String(Entitlements.parse(XML.getBytes(StandardCharsets.UTF_8)).canonicalXml(), StandardCharsets.UTF_8))
                .isEqualTo(CANONICAL);
        assertThat(new String(Entitlements.parse(ONE_LINE.getBytes(StandardCharsets.UTF_8)).canonicalXml(), StandardCharsets.UTF_8))
                .isEqualTo(ONE_LINE_CANONICAL);
    }

    /** plistlib (what signapple re-serializes with) writes the same bytes for the same plist. */
    @Test
    void plistlibWritesTheSameBytes() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)), PYTHON + " is not installed");
        Path input = Files.writeString(folder.resolve("one-line.plist"), ONE_LINE);

        ExternalTool.Run plistlib = ExternalTool.run(List.of(PYTHON, "-c", "import plistlib, sys; sys.stdout.buffer.write("
                + "plistlib.dumps(plistlib.loads(open(sys.argv[1], 'rb').read()), fmt=plistlib.FMT_XML))", input.toString()),
                Map.of(), folder);

        assertThat(plistlib.exit()).as(plistlib.toString()).isZero();
        assertThat(plistlib.stdout()).isEqualTo(ONE_LINE_CANONICAL).isEqualTo(
                new String(Entitlements.parse(ONE_LINE.getBytes(StandardCharsets.UTF_8)).canonicalXml(), StandardCharsets.UTF_8));
    }

    @Test
    void theDerFormIsApplication16WithADictInKeyOrder() throws Exception {
        byte[] blob = Entitlements.parse(XML.getBytes(StandardCharsets.UTF_8)).derBlob();

        // 70 {02 01 01, b0 {30 {0c "com.apple.security.application-groups", 30 {0c "A1B2C3D4E5.group"}},
        //                   30 {0c "com.apple.security.cs.allow-jit", 01 01 ff}}}
        String groups = hex("com.apple.security.application-groups");
        String group = hex("A1B2C3D4E5.group");
        String jit = hex("com.apple.security.cs.allow-jit");
        String first = "0c25" + groups + "3012" + "0c10" + group;
        String second = "0c1f" + jit + "0101ff";
        String dict = "30" + length(first) + first + "30" + length(second) + second;
        String body = "020101" + "b0" + length(dict) + dict;
        assertThat(HexFormat.of().formatHex(blob)).isEqualTo("fade7172" + String.format("%08x", 8 + (body.length() / 2) + 2)
                + "70" + length(body) + body);
    }

    @Test
    void whatTheDerFormCannotHoldIsRefused() {
        byte[] withDate = XML.replace("<true/>", "<date>2026-01-01T00:00:00Z</date>").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Entitlements.parse(withDate)).isInstanceOf(IOException.class).hasMessageContaining("<date>");
        assertThatThrownBy(() -> Entitlements.parse("not xml".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IOException.class)
                .hasMessageContaining("not a readable XML plist");
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String length(String hex) {
        return String.format("%02x", hex.length() / 2);
    }
}
