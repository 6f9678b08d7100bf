package io.signingmanager.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FingerprintsTest {
    private static final String SHA256 = "00112233445566778899aabbccddeeff00112233445566778899AABBCCDDEEFF";

    @Test
    void colonsAreUpperCasePairsOnOneLine() {
        assertThat(Fingerprints.colons(SHA256)).isEqualTo("00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:"
                + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
    }

    @Test
    void linesSplitASha256IntoTwoHalvesOfSixteenPairs() {
        assertThat(Fingerprints.lines(SHA256)).containsExactly("00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF",
                "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF");
        assertThat(String.join(":", Fingerprints.lines(SHA256))).isEqualTo(Fingerprints.colons(SHA256));
    }

    @Test
    void aSinglePairIsOneLine() {
        assertThat(Fingerprints.lines("ab")).containsExactly("AB");
    }
}
