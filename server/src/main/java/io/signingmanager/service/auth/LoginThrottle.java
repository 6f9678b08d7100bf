package io.signingmanager.service.auth;

import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Limits password guesses. Each attempt takes its place in the counts before its password is
 * checked, in one transaction that locks the counting rows, so parallel guesses cannot all slip in
 * before the first of them is counted; an attempt that turns out right gives its place back.
 * Counted in the database so every replica sees the same counts.
 *
 * <p>Sign-in is counted per user name and address together, so that nobody can lock a user out
 * from elsewhere; per address, against one address guessing many names; and per user name, a
 * longer back-off against guesses from many addresses. None of these touches a signed-in user: a
 * password change counts only that user's own wrong current passwords.
 */
public final class LoginThrottle {
    /** What is counted, how many failures it takes within its window, and how long it then refuses. */
    public enum Limit {
        PAIR("pair:", 5, Duration.ofMinutes(15), Duration.ofMinutes(15)),
        ADDRESS("address:", 20, Duration.ofMinutes(15), Duration.ofMinutes(15)),
        USER("user:", 50, Duration.ofHours(1), Duration.ofHours(1)),
        PASSWORD_CHANGE("change:", 5, Duration.ofMinutes(15), Duration.ofMinutes(15));

        private final String prefix;
        private final int maxFailures;
        private final Duration window;
        private final Duration lock;

        Limit(String prefix, int maxFailures, Duration window, Duration lock) {
            this.prefix = prefix;
            this.maxFailures = maxFailures;
            this.window = window;
            this.lock = lock;
        }

        public int maxFailures() {
            return maxFailures;
        }

        public Duration lock() {
            return lock;
        }
    }

    // Rows older than this count for nothing any more.
    private static final Duration KEPT = Duration.ofHours(2);

    private final Database database;
    private final Clock clock;

    public LoginThrottle(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /**
     * An attempt's place in the counts. {@code refusedUntil} is set when a limit is already reached
     * (nothing was counted then); {@code locksNow} when this attempt reached one, should it fail.
     */
    public record Attempt(List<String> subjects, Instant refusedUntil, boolean locksNow) {
        public boolean refused() {
            return refusedUntil != null;
        }
    }

    private record Subject(String key, Limit limit) {
    }

    private record State(int failures, Instant windowStart, Instant lockedUntil) {
        boolean locked(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    /** Counts a sign-in attempt for this name from this address, or refuses it while a limit holds. */
    public Attempt signIn(String username, String address) {
        String name = username.toLowerCase(Locale.ROOT);
        // The address comes first in the pair: it never holds the separator, a user name might.
        return count(List.of(new Subject(Limit.ADDRESS.prefix + address, Limit.ADDRESS),
                new Subject(Limit.PAIR.prefix + address + "|" + name, Limit.PAIR),
                new Subject(Limit.USER.prefix + name, Limit.USER)));
    }

    /** Counts a signed-in user's attempt to prove their current password, or refuses it. */
    public Attempt passwordChange(String userId) {
        return count(List.of(new Subject(Limit.PASSWORD_CHANGE.prefix + userId, Limit.PASSWORD_CHANGE)));
    }

    /** The password was right: the attempt was no failure, and its name and address pair starts afresh. */
    public void succeeded(Attempt attempt) {
        Instant now = clock.instant();
        database.transaction(c -> {
            for (String subject : attempt.subjects()) {
                if (subject.startsWith(Limit.PAIR.prefix) || subject.startsWith(Limit.PASSWORD_CHANGE.prefix)) {
                    Sql.update(c, "DELETE FROM login_throttle WHERE subject = ?", subject);
                } else {
                    giveBack(c, subject, now);
                }
            }
            return null;
        });
        forgetOld(now);
    }

    /** The password was never checked (the service was too busy): the attempt counts for nothing. */
    public void withdrawn(Attempt attempt) {
        Instant now = clock.instant();
        database.transaction(c -> {
            for (String subject : attempt.subjects()) {
                giveBack(c, subject, now);
            }
            return null;
        });
    }

    private Attempt count(List<Subject> subjects) {
        // Rows are locked in one order everywhere, so two attempts never wait on each other in a cycle.
        List<Subject> ordered = subjects.stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
        List<String> keys = ordered.stream().map(Subject::key).toList();
        return database.transaction(c -> {
            Instant now = clock.instant();
            State[] states = new State[ordered.size()];
            Instant refusedUntil = null;
            for (int i = 0; i < ordered.size(); i++) {
                states[i] = lockRow(c, ordered.get(i).key(), now);
                if (states[i].locked(now) && (refusedUntil == null || states[i].lockedUntil().isAfter(refusedUntil))) {
                    refusedUntil = states[i].lockedUntil();
                }
            }
            if (refusedUntil != null) {
                return new Attempt(keys, refusedUntil, false);
            }
            boolean locksNow = false;
            for (int i = 0; i < ordered.size(); i++) {
                Limit limit = ordered.get(i).limit();
                boolean fresh = states[i].lockedUntil() != null || states[i].windowStart().plus(limit.window).isBefore(now);
                int failures = (fresh ? 0 : states[i].failures()) + 1;
                boolean locks = failures >= limit.maxFailures;
                locksNow |= locks;
                Sql.update(c, "UPDATE login_throttle SET failures = ?, window_start = ?, locked_until = ? WHERE subject = ?",
                        failures, fresh ? now : states[i].windowStart(), locks ? now.plus(limit.lock) : null,
                        ordered.get(i).key());
            }
            return new Attempt(keys, null, locksNow);
        });
    }

    /**
     * The subject's row, locked until the transaction ends; made first when missing. The insert
     * does nothing when another transaction made the row meanwhile (it waits for that one to end).
     */
    private static State lockRow(Connection c, String subject, Instant now) throws SQLException {
        Sql.update(c, "INSERT INTO login_throttle (subject, failures, window_start, locked_until) VALUES (?, 0, ?, NULL) "
                + "ON CONFLICT DO NOTHING", subject, now);
        return Sql.one(c, "SELECT failures, window_start, locked_until FROM login_throttle WHERE subject = ? FOR UPDATE",
                row -> new State(row.getInt(1), Sql.instant(row, "window_start"), Sql.instant(row, "locked_until")),
                subject).orElseThrow();
    }

    /**
     * Deletes rows that count for nothing any more, one per statement: housekeeping that locked many
     * rows at once could wait in a cycle with an attempt locking its own rows.
     */
    private void forgetOld(Instant now) {
        String expired = " WHERE window_start < ? AND (locked_until IS NULL OR locked_until < ?)";
        Instant old = now.minus(KEPT);
        database.read(c -> {
            for (String subject : Sql.list(c, "SELECT subject FROM login_throttle" + expired + " LIMIT 100",
                    row -> row.getString(1), old, now)) {
                Sql.update(c, "DELETE FROM login_throttle" + expired + " AND subject = ?", old, now, subject);
            }
            return null;
        });
    }

    /** Takes back one counted attempt, and the lock it may have set. */
    private static void giveBack(Connection c, String subject, Instant now) throws SQLException {
        Sql.update(c, "UPDATE login_throttle SET failures = failures - 1, locked_until = NULL "
                + "WHERE subject = ? AND failures > 0 AND (locked_until IS NULL OR locked_until > ?)", subject, now);
    }
}
