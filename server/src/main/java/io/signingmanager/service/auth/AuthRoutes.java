package io.signingmanager.service.auth;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiException;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import io.signingmanager.service.secrets.PasswordHasher;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.users.PasswordPolicy;
import io.signingmanager.service.users.User;
import io.signingmanager.service.users.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** {@code /api/v1/auth}: sign in and out, the first sign-in steps (new password, agreement). */
public final class AuthRoutes {
    static final String LOGIN = "login";
    // Compared against when the user does not exist, so both answers take as long.
    private final String unknownUserHash;

    private final Database database;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;

    public AuthRoutes(Database database, UserRepository users, PasswordHasher hasher, SessionStore sessions,
                      LoginThrottle throttle, AuditLog audit, Clock clock) {
        this.database = database;
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
        this.unknownUserHash = hasher.hash("unknown user " + clock.millis());
    }

    record Login(String username, String password) {
    }

    record ChangePassword(String currentPassword, String newPassword) {
    }

    /** What a successful sign-in answers; the token is also set as an HttpOnly cookie. */
    public record LoginAnswer(String token, String csrfToken, boolean mustChangePassword,
                              boolean mustAcceptAgreement, User user) {
    }

    /** The signed-in user and what they still have to do. */
    public record Me(String id, String username, boolean admin, boolean mustChangePassword,
                     boolean mustAcceptAgreement, String csrfToken) {
    }

    public void register(Router router) {
        router.post("/api/v1/auth/login", Access.PUBLIC, this::login);
        router.post("/api/v1/auth/logout", Access.SIGNED_IN, this::logout);
        router.get("/api/v1/auth/me", Access.SIGNED_IN, request -> ApiResponse.ok(me(request.session())));
        router.post("/api/v1/auth/password", Access.SIGNED_IN, this::changePassword);
        router.get("/api/v1/auth/agreement", Access.SIGNED_IN,
                request -> ApiResponse.ok(Map.of("version", Agreement.VERSION, "text", Agreement.TEXT)));
        router.post("/api/v1/auth/agreement", Access.SIGNED_IN, this::acceptAgreement);
    }

    private ApiResponse login(ApiRequest request) throws ApiException {
        Login body = request.json(Login.class);
        String username = ApiRequest.requireText("username", body.username(), 64);
        String password = ApiRequest.require("password", body.password());
        AuditEntry entry = AuditEntry.of(LOGIN, request.remoteAddress()).user(username);
        try {
            requireNotLocked(username, request.remoteAddress());
        } catch (ApiException e) {
            audit.record(entry.failed("locked after repeated failures"));
            throw e;
        }
        Optional<User> user = database.read(c -> users.findByUsername(c, username));
        String hash = user.isPresent() ? database.read(c -> users.passwordHash(c, user.get().id())).orElseThrow()
                : unknownUserHash;
        if (!hasher.matches(password, hash) || user.isEmpty()) {
            boolean nowLocked = throttle.recordFailure(username, request.remoteAddress());
            audit.record(entry.failed(nowLocked ? "wrong password; now locked" : "wrong user name or password"));
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "Wrong user name or password");
        }
        if (!user.get().active()) {
            audit.record(entry.failed("account disabled"));
            throw new ApiException(ErrorCode.FORBIDDEN, "This account is disabled; ask an admin");
        }
        throttle.recordSuccess(username);
        audit.record(entry);
        SessionStore.Created session = sessions.create(user.get().id());
        LoginAnswer answer = new LoginAnswer(session.token(), session.csrfToken(), user.get().mustChangePassword(),
                user.get().agreementAcceptedAt() == null, user.get());
        return ApiResponse.ok(answer).header("Set-Cookie", SessionStore.COOKIE + "=" + session.token()
                + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" + SessionStore.LIFETIME.toSeconds());
    }

    private ApiResponse logout(ApiRequest request) {
        sessions.delete(SessionStore.token(request));
        return ApiResponse.noContent().header("Set-Cookie",
                SessionStore.COOKIE + "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0");
    }

    private ApiResponse changePassword(ApiRequest request) throws ApiException {
        ChangePassword body = request.json(ChangePassword.class);
        Session session = request.session();
        String current = ApiRequest.require("currentPassword", body.currentPassword());
        String next = ApiRequest.require("newPassword", body.newPassword());
        requireNotLocked(session.username(), request.remoteAddress());
        String hash = database.read(c -> users.passwordHash(c, session.userId())).orElseThrow();
        if (!hasher.matches(current, hash)) {
            // A stolen session must not be a way to guess the password without the login's limits.
            throttle.recordFailure(session.username(), request.remoteAddress());
            throw ApiException.badRequest("The current password is wrong");
        }
        PasswordPolicy.check(session.username(), next);
        if (next.equals(current)) {
            throw ApiException.badRequest("The new password must differ from the current one");
        }
        String newHash = hasher.hash(next);
        database.transaction(c -> {
            users.setPassword(c, session.userId(), newHash, false);
            return null;
        });
        sessions.deleteOthers(session.userId(), SessionStore.token(request));
        return ApiResponse.ok(me(sessions.resolve(request)));
    }

    private ApiResponse acceptAgreement(ApiRequest request) throws ApiException {
        Session session = request.session();
        if (session.mustChangePassword()) {
            throw new ApiException(ErrorCode.PASSWORD_CHANGE_REQUIRED, "Choose a new password first");
        }
        database.transaction(c -> {
            users.acceptAgreement(c, session.userId(), clock.instant());
            return null;
        });
        return ApiResponse.ok(me(sessions.resolve(request)));
    }

    private void requireNotLocked(String username, String address) throws ApiException {
        Optional<Instant> locked = throttle.lockedUntil(username, address);
        if (locked.isPresent()) {
            long minutes = Math.max(1, Duration.between(clock.instant(), locked.get()).toMinutes() + 1);
            throw new ApiException(ErrorCode.ACCOUNT_LOCKED,
                    "Too many failed sign-ins; try again in " + minutes + " minutes");
        }
    }

    private static Me me(Session session) {
        return new Me(session.userId(), session.username(), session.admin(), session.mustChangePassword(),
                !session.agreementAccepted(), session.csrfToken());
    }
}
