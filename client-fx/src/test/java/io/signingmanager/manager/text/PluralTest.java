package io.signingmanager.manager.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void oneTakesTheSingularAndEveryOtherCountThePlural() {
        assertThat(Plural.of(1, "certificate")).isEqualTo("1 certificate");
        assertThat(Plural.of(0, "certificate")).isEqualTo("0 certificates");
        assertThat(Plural.of(2, "identity", "identities")).isEqualTo("2 identities");
        assertThat(Plural.of(1, "identity", "identities")).isEqualTo("1 identity");
    }
}
