package io.signingmanager.service.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the pages show them: always UTC; an empty text for no time. */
public final class TimeText {
    private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private TimeText() {
    }

    /** {@code 2025-01-31 13:45:07 UTC}. */
    static String time(Instant instant) {
        return format(SECOND, instant);
    }

    /** {@code 2025-01-31 13:45}, for tables whose column heading says UTC. */
    public static String minute(Instant instant) {
        return format(MINUTE, instant);
    }

    /** {@code 2025-01-31 13:45 UTC}. */
    static String minuteUtc(Instant instant) {
        return instant == null ? "" : minute(instant) + " UTC";
    }

    /** {@code 13:45:07} (UTC). */
    static String clock(Instant instant) {
        return format(CLOCK, instant);
    }

    /** {@code 2025-01-31}. */
    static String date(Instant instant) {
        return format(DATE, instant);
    }

    /** ISO-8601, for {@code <time datetime>}; {@code null} for no time, so the attribute is left out. */
    public static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String format(DateTimeFormatter formatter, Instant instant) {
        return instant == null ? "" : formatter.format(instant);
    }
}
