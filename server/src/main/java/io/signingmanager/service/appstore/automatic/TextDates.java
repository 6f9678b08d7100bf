package io.signingmanager.service.appstore.automatic;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Dates in a run's steps and refusals: the day, in UTC. */
final class TextDates {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private TextDates() {
    }

    static String day(Instant instant) {
        return DAY.format(instant);
    }
}
