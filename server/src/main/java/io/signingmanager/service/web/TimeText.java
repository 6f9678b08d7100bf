package io.signingmanager.service.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the pages show them: UTC, to the second, without the ISO letters. */
final class TimeText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private TimeText() {
    }

    /** {@code 2025-01-31 13:45:07 UTC}, or an empty text for no time. */
    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** {@code 13:45:07} (UTC), or an empty text for no time. */
    static String clock(Instant instant) {
        return instant == null ? "" : CLOCK.format(instant);
    }

    /** {@code 2025-01-31}, or an empty text for no time. */
    static String date(Instant instant) {
        return instant == null ? "" : DATE.format(instant);
    }
}
