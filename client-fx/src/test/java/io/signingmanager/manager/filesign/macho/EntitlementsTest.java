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
import org.junit.jupiter.api.Test;

/**
 * Entitlements in both forms: the XML as given, the DER one as macOS reads it. ldid writes an older
 * DER form (a SET, without the APPLICATION 16 wrapper) and re-serializes the XML, so its CDHash
 * differs from ours in special slots 5 and 7 only; MachOSignerTest compares without entitlements.
 */
class EntitlementsTest extends AppleSigningTest {
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
                Blobs.blob(Blobs.EMBEDDED_ENTITLEMENTS, XML.getBytes(StandardCharsets.UTF_8)));
        ExternalTool.Run printed = tools.run(folder, tools.ldid().toString(), "-e", binary.toString());
        assertThat(printed.stdout()).as(printed.toString()).contains("com.apple.security.application-groups");
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
