package io.signingmanager.service.auth;

import io.signingmanager.service.secrets.Tokens;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Sign-in sessions, kept in the database (so any replica serves them) under the token's hash. */
public final class SessionStore {
    public static final Duration LIFETIME = Duration.ofHours(12);

    private final Database database;
    private final Clock clock;

    public SessionStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** The signed-in user a live session belongs to, and what they still have to do. */
    public record Holder(String userId, String username, boolean admin, boolean mustChangePassword,
                         boolean agreementAccepted, String csrfToken) {
    }

    /** A new session for the user: the token (for the caller only) and its CSRF token. */
    public record Created(String token, String csrfToken) {
    }

    public Created create(String userId) {
        String token = Tokens.generate("sms_");
        String csrf = Tokens.generate("");
        Instant now = clock.instant();
        database.transaction(c -> {
            Sql.update(c, "DELETE FROM sessions WHERE expires_at < ?", now);
            return Sql.update(c, "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) "
                    + "VALUES (?, ?, ?, ?, ?)", Tokens.hash(token), userId, csrf, now, now.plus(LIFETIME));
        });
        return new Created(token, csrf);
    }

    public void delete(String token) {
        database.read(c -> Sql.update(c, "DELETE FROM sessions WHERE token_hash = ?", Tokens.hash(token)));
    }

    /** Ends every session of a user but the one given (after a password change), or all with {@code null}. */
    public void deleteOthers(String userId, String keepToken) {
        String keep = keepToken == null ? "" : Tokens.hash(keepToken);
        database.read(c -> Sql.update(c, "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", userId, keep));
    }

    /** Ends every session of a user, within the caller's transaction (the account is being disabled). */
    public void deleteAll(Connection c, String userId) throws SQLException {
        Sql.update(c, "DELETE FROM sessions WHERE user_id = ?", userId);
    }

    /** Whose session the token is, unless it is unknown, expired or its user disabled. */
    public Optional<Holder> find(String token) {
        return database.read(c -> Sql.one(c, "SELECT u.id, u.username, u.admin, u.must_change_password, "
                        + "u.agreement_accepted_at, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active",
                row -> new Holder(row.getString(1), row.getString(2), row.getBoolean(3), row.getBoolean(4),
                        Sql.instant(row, "agreement_accepted_at") != null, row.getString(6)),
                Tokens.hash(token), clock.instant()));
    }
}
