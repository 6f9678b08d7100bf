package io.signingmanager.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void plainTextPassesUnchanged() {
        assertThat(Printable.of("The certificate is inactive: ask an admin. Ünïcødé ✓ 😀"))
                .isEqualTo("The certificate is inactive: ask an admin. Ünïcødé ✓ 😀");
        assertThat(Printable.of(null)).isNull();
    }

    @Test
    void controlCharactersAndAnsiEscapesAreWrittenOut() {
        assertThat(Printable.of("bad\u001b[2J\u001b]0;owned\u0007\r\nline\ttab\u0000\u009b"))
                .isEqualTo("bad\\u001b[2J\\u001b]0;owned\\u0007\\u000d\\u000aline\\u0009tab\\u0000\\u009b");
    }

    @Test
    void bidirectionalOverridesAreWrittenOut() {
        assertThat(Printable.of("invoice\u202egpj.exe\u2066x\u2028")).isEqualTo("invoice\\u202egpj.exe\\u2066x\\u2028");
    }

    @Test
    void longTextIsCutAndSaysSo() {
        String cut = Printable.of("x".repeat(100_000));
        assertThat(cut).hasSize(Printable.MAX_LENGTH).endsWith("...");
        assertThat(Printable.of("\u001b".repeat(10_000))).endsWith("\\u001b...").hasSizeLessThanOrEqualTo(Printable.MAX_LENGTH);
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String cut = Printable.of("a".repeat(Printable.MAX_LENGTH - 4) + "😀".repeat(10));
        assertThat(cut.codePoints().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
    }

    @Test
    void applyingItTwiceChangesNothingMore() {
        String once = Printable.of("a\u001b[31m" + "y".repeat(2_000));
        assertThat(Printable.of(once)).isEqualTo(once);
    }
}
