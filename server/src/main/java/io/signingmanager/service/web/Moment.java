package io.signingmanager.service.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as pages show them: to the minute in UTC for people (the column heading says UTC), and
 * ISO-8601 for {@code <time datetime>}.
 */
public final class Moment {
    private static final DateTimeFormatter TEXT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    private Moment() {
    }

    public static String text(Instant at) {
        return at == null ? "" : TEXT.format(at);
    }

    public static String iso(Instant at) {
        return at == null ? null : at.toString();
    }
}
