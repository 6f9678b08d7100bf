package io.signingmanager.service.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    @Test
    void aHashIsCheckedWithTheSameParameters() {
        PasswordHasher hasher = new PasswordHasher();
        String hash = hasher.hash("a long enough password");
        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(hasher.matches("a long enough password", hash)).isTrue();
        assertThat(hasher.matches("another password", hash)).isFalse();
    }

    @Test
    void aHashThatCannotGetATurnInTimeIsRefusedAndComputesNothing() {
        PasswordHasher full = new PasswordHasher(0, Duration.ofMillis(20));
        String hash = new PasswordHasher().hash("a long enough password");
        assertThatThrownBy(() -> full.matches("a long enough password", hash)).isInstanceOf(PasswordHasher.Busy.class);
        assertThatThrownBy(() -> full.hash("a long enough password")).isInstanceOf(PasswordHasher.Busy.class);
    }
}
