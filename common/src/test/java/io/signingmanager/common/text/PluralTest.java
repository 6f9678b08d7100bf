package io.signingmanager.common.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void oneTakesTheSingular() {
        assertThat(Plural.of(1, "identity", "identities")).isEqualTo("1 identity");
    }

    @Test
    void zeroAndManyTakeThePlural() {
        assertThat(Plural.of(0, "identity", "identities")).isEqualTo("0 identities");
        assertThat(Plural.of(2, "identity", "identities")).isEqualTo("2 identities");
        assertThat(Plural.of(-1, "file", "files")).isEqualTo("-1 files");
    }

    @Test
    void aNounThatTakesAnSNeedsNoPluralGiven() {
        assertThat(Plural.of(1, "certificate")).isEqualTo("1 certificate");
        assertThat(Plural.of(0, "certificate")).isEqualTo("0 certificates");
    }
}
