package io.signingmanager.service.auth;

import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.Session;
import io.signingmanager.service.http.SessionResolver;
import io.signingmanager.service.secrets.Tokens;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Sign-in sessions, kept in the database (so any replica serves them) under the token's hash. */
public final class SessionStore implements SessionResolver {
    public static final String COOKIE = "signing_session";
    static final Duration LIFETIME = Duration.ofHours(12);

    private final Database database;
    private final Clock clock;

    public SessionStore(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
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

    /** The {@code Set-Cookie} value that keeps the session in a browser: HttpOnly, Secure, SameSite=Strict. */
    public static String cookie(String token) {
        return COOKIE + "=" + token + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" + LIFETIME.toSeconds();
    }

    /** The {@code Set-Cookie} value that removes the session cookie. */
    public static String expiredCookie() {
        return COOKIE + "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0";
    }

    /** The request's token: the bearer header first, else the session cookie. */
    public static String token(ApiRequest request) {
        String bearer = request.bearerToken();
        return bearer != null ? bearer : request.cookie(COOKIE);
    }

    @Override
    public Session resolve(ApiRequest request) {
        String token = token(request);
        if (token == null) {
            return null;
        }
        boolean viaCookie = request.bearerToken() == null;
        return database.read(c -> Sql.one(c, "SELECT u.id, u.username, u.admin, u.must_change_password, "
                        + "u.agreement_accepted_at, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active",
                row -> new Session(row.getString(1), row.getString(2), row.getBoolean(3), row.getBoolean(4),
                        Sql.instant(row, "agreement_accepted_at") != null, row.getString(6), viaCookie),
                Tokens.hash(token), clock.instant()).orElse(null));
    }
}
