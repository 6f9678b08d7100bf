package io.signingmanager.service.auth;

import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Locks a user name, and separately an address, after repeated failed sign-ins. Counted in the
 * database so every replica sees the same count.
 */
public final class LoginThrottle {
    static final int MAX_FAILURES_PER_USER = 5;
    static final int MAX_FAILURES_PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);

    private final Database database;
    private final Clock clock;

    public LoginThrottle(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    private record State(int failures, Instant windowStart, Instant lockedUntil) {
    }

    /** When the lock on this user or address ends, or empty when sign-in may be tried. */
    public Optional<Instant> lockedUntil(String username, String address) {
        Instant now = clock.instant();
        return database.read(c -> {
            Instant until = null;
            for (String subject : new String[] {userSubject(username), addressSubject(address)}) {
                Optional<State> state = state(c, subject);
                if (state.isPresent() && state.get().lockedUntil() != null && state.get().lockedUntil().isAfter(now)
                        && (until == null || state.get().lockedUntil().isAfter(until))) {
                    until = state.get().lockedUntil();
                }
            }
            return Optional.ofNullable(until);
        });
    }

    /** Counts a failure; answers whether this failure locked the user or the address. */
    public boolean recordFailure(String username, String address) {
        return database.transaction(c -> count(c, userSubject(username), MAX_FAILURES_PER_USER)
                | count(c, addressSubject(address), MAX_FAILURES_PER_ADDRESS));
    }

    public void recordSuccess(String username) {
        database.read(c -> Sql.update(c, "DELETE FROM login_throttle WHERE subject = ?", userSubject(username)));
    }

    private boolean count(Connection c, String subject, int maxFailures) throws SQLException {
        Instant now = clock.instant();
        Optional<State> state = state(c, subject);
        if (state.isEmpty() || state.get().windowStart().plus(WINDOW).isBefore(now)) {
            Sql.update(c, "DELETE FROM login_throttle WHERE subject = ?", subject);
            Sql.update(c, "INSERT INTO login_throttle (subject, failures, window_start, locked_until) VALUES (?, 1, ?, NULL)",
                    subject, now);
            return maxFailures <= 1;
        }
        int failures = state.get().failures() + 1;
        boolean locks = failures >= maxFailures;
        Sql.update(c, "UPDATE login_throttle SET failures = ?, locked_until = ? WHERE subject = ?",
                failures, locks ? now.plus(LOCK) : state.get().lockedUntil(), subject);
        return locks && failures == maxFailures;
    }

    private static Optional<State> state(Connection c, String subject) throws SQLException {
        return Sql.one(c, "SELECT failures, window_start, locked_until FROM login_throttle WHERE subject = ?",
                row -> new State(row.getInt(1), Sql.instant(row, "window_start"), Sql.instant(row, "locked_until")),
                subject);
    }

    private static String userSubject(String username) {
        return "user:" + username.toLowerCase(java.util.Locale.ROOT);
    }

    private static String addressSubject(String address) {
        return "address:" + address;
    }
}
