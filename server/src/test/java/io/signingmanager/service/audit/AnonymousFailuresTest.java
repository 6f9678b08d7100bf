package io.signingmanager.service.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class AnonymousFailuresTest {
    private final MutableClock clock = new MutableClock();
    private final AnonymousFailures failures = new AnonymousFailures(clock);

    @Test
    void aFewRefusalsPerAddressAndMinuteAreRecordedAndTheNextRecordCountsTheRest() {
        List<AuditEntry> recorded = admit("192.0.2.1", 100);
        assertThat(recorded).hasSize(AnonymousFailures.RECORDS_PER_WINDOW).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(Status.FAILURE);
            assertThat(e.reason()).isEqualTo("unauthenticated: no client token or an unknown one");
            assertThat(e.remoteAddress()).isEqualTo("192.0.2.1");
            assertThat(e.context()).isEmpty();
        });
        assertThat(admit("192.0.2.2", 1)).hasSize(1);

        clock.advance(AnonymousFailures.WINDOW);
        List<AuditEntry> next = admit("192.0.2.1", 1);
        assertThat(next).hasSize(1);
        assertThat(next.get(0).reason()).endsWith("; " + (100 - AnonymousFailures.RECORDS_PER_WINDOW)
                + " more refused calls from this address not recorded");
        assertThat(admit("192.0.2.1", 1).get(0).reason()).doesNotContain("more refused");
    }

    @Test
    void theAddressesTrackedAreCappedAndTheRestShareOneCountThatTheNextRecordReports() {
        int untracked = 5_000;
        List<AuditEntry> recorded = new ArrayList<>();
        for (int i = 0; i < AnonymousFailures.MAX_ADDRESSES + untracked; i++) {
            recorded.addAll(admit("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), 1));
        }
        assertThat(failures.tracked()).isEqualTo(AnonymousFailures.MAX_ADDRESSES);
        assertThat(recorded).hasSize(AnonymousFailures.MAX_ADDRESSES + AnonymousFailures.RECORDS_PER_WINDOW);

        // A minute on, the expired addresses make room, and the first record reports what the others dropped.
        clock.advance(AnonymousFailures.WINDOW.plus(Duration.ofSeconds(1)));
        List<AuditEntry> next = admit("198.51.100.1", 1);
        assertThat(failures.tracked()).isEqualTo(1);
        assertThat(next.get(0).reason()).endsWith("; " + (untracked - AnonymousFailures.RECORDS_PER_WINDOW)
                + " more refused calls from other addresses not recorded");
    }

    private List<AuditEntry> admit(String address, int calls) {
        List<AuditEntry> recorded = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            recorded.add(failures.admit(RequestType.SIGN, ErrorCode.UNAUTHENTICATED, Credential.CLIENT_TOKEN, address));
        }
        return recorded.stream().filter(Objects::nonNull).toList();
    }
}
