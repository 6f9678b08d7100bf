package io.signingmanager.service.auth;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.RequestType;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.PasswordHasher;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.users.PasswordPolicy;
import io.signingmanager.service.users.User;
import io.signingmanager.service.users.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Signing in and the first sign-in steps (a new password, the agreement), shared by the JSON API
 * and the web pages. Failed sign-ins are throttled and audited.
 */
public final class SignIn {
    private static final Duration PREPARE_AFTER = Duration.ofSeconds(2);
    private final Database database;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final Clock clock;
    // Compared against when the user does not exist, so both answers take as long; made beside the running
    // service a little after its port opened (prepare), out of the way of the start and of the first answers:
    // an Argon2 hash is about a tenth of a start's CPU on two cores.
    private final CompletableFuture<String> unknownUserHash = new CompletableFuture<>();
    private final AtomicBoolean hashing = new AtomicBoolean();
    private final String unknownUser;

    public SignIn(Database database, UserRepository users, PasswordHasher hasher, SessionStore sessions,
                  LoginThrottle throttle, AuditLog audit, Clock clock) {
        this.database = database;
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        this.audit = audit;
        this.clock = clock;
        this.unknownUser = "unknown user " + clock.millis();
    }

    /**
     * Makes the hash an unknown user's password is compared against, on another thread in {@link #PREPARE_AFTER};
     * a sign-in that needs it before makes it itself.
     */
    public void prepare() {
        CompletableFuture.runAsync(this::hashUnknownUser,
                CompletableFuture.delayedExecutor(PREPARE_AFTER.toMillis(), TimeUnit.MILLISECONDS));
    }

    /**
     * The service stops: the unknown user's hash, if not begun, is not made any more (a stopped service's
     * hash would take its turn among the next one's in the same JVM); a sign-in still under way is refused.
     */
    public void close() {
        if (hashing.compareAndSet(false, true)) {
            unknownUserHash.completeExceptionally(new IllegalStateException("The Signing Service is stopping"));
        }
    }

    /** The unknown user's hash: made here if nobody prepared it yet, else waited for. */
    private String unknownUserHash() {
        hashUnknownUser();
        return unknownUserHash.join();
    }

    /** Makes the unknown user's hash, unless it is made or being made. */
    private void hashUnknownUser() {
        if (!hashing.compareAndSet(false, true)) {
            return;
        }
        try {
            unknownUserHash.complete(hasher.hash(unknownUser));
        } catch (RuntimeException e) {
            unknownUserHash.completeExceptionally(e);
        }
    }

    /** A new session and the user it belongs to. */
    public record SignedIn(SessionStore.Created session, User user) {
    }

    public SignedIn login(String username, String password, String address) throws Refusal {
        AuditEntry entry = AuditEntry.of(RequestType.LOGIN, address).user(username);
        LoginThrottle.Attempt attempt = throttle.signIn(username, address);
        if (attempt.refused()) {
            // Refused without a password check, as often as anyone likes: recorded like any anonymous refusal.
            audit.recordAnonymous(RequestType.LOGIN, ErrorCode.ACCOUNT_LOCKED, null, address);
            throw locked(attempt);
        }
        Optional<User> user = database.read(c -> users.findByUsername(c, username));
        // Looked up for an unknown user too, so that both answers take as long.
        Optional<String> stored = database.read(c -> users.passwordHash(c, user.map(User::id).orElse("")));
        if (!matches(attempt, password, stored.orElseGet(this::unknownUserHash)) || user.isEmpty()) {
            audit.record(entry.failed(attempt.locksNow() ? "wrong password; now locked" : "wrong user name or password"));
            throw new Refusal(ErrorCode.UNAUTHENTICATED, "Wrong user name or password");
        }
        throttle.succeeded(attempt);
        if (!user.get().active()) {
            audit.record(entry.failed("account disabled"));
            throw new Refusal(ErrorCode.FORBIDDEN, "This account is disabled; ask an admin");
        }
        audit.record(entry);
        return new SignedIn(sessions.create(user.get().id()), user.get());
    }

    /**
     * Sets a new password and ends the user's other sessions; {@code token} is the session kept.
     * Only this user's own wrong current passwords limit it, never what others tried on their name.
     */
    public void changePassword(String userId, String username, String token, String current, String next)
            throws Refusal {
        LoginThrottle.Attempt attempt = throttle.passwordChange(userId);
        if (attempt.refused()) {
            throw locked(attempt);
        }
        String hash = database.read(c -> users.passwordHash(c, userId)).orElseThrow();
        if (!matches(attempt, current, hash)) {
            // A stolen session must not be a way to guess the password without limits.
            throw Refusal.badRequest("The current password is wrong");
        }
        throttle.succeeded(attempt);
        PasswordPolicy.check(username, next);
        if (next.equals(current)) {
            throw Refusal.badRequest("The new password must differ from the current one");
        }
        String newHash = hasher.hashOrRefuse(next);
        database.transaction(c -> {
            users.setPassword(c, userId, newHash, false);
            return null;
        });
        sessions.deleteOthers(userId, token);
    }

    public void acceptAgreement(String userId, boolean mustChangePassword) throws Refusal {
        if (mustChangePassword) {
            throw new Refusal(ErrorCode.PASSWORD_CHANGE_REQUIRED, "Choose a new password first");
        }
        database.transaction(c -> {
            users.acceptAgreement(c, userId, clock.instant());
            return null;
        });
    }

    /** Checks the password; when the service is too busy to, the attempt is withdrawn and the caller told to retry. */
    private boolean matches(LoginThrottle.Attempt attempt, String password, String hash) throws Refusal {
        try {
            return hasher.matches(password, hash);
        } catch (PasswordHasher.Busy e) {
            throttle.withdrawn(attempt);
            throw PasswordHasher.busy();
        } catch (RuntimeException e) {
            throttle.withdrawn(attempt);
            throw e;
        }
    }

    private Refusal locked(LoginThrottle.Attempt attempt) {
        Duration left = Duration.between(clock.instant(), attempt.refusedUntil());
        long minutes = Math.max(1, left.toMinutes() + 1);
        return new Refusal(ErrorCode.ACCOUNT_LOCKED, "Too many failed sign-ins; try again in " + minutes + " minutes")
                .retryAfter(left);
    }
}
