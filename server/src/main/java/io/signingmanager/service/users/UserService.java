package io.signingmanager.service.users;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.auth.SessionStore;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.PasswordHasher;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/** Managing users: the rules (one active admin always remains, valid names, password policy) live here. */
public final class UserService {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final Database database;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final AuditLog audit;
    private final Clock clock;

    public UserService(Database database, UserRepository users, PasswordHasher hasher, SessionStore sessions,
                       AuditLog audit, Clock clock) {
        this.database = database;
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /** On first start: {@code admin} / {@code change_password}, to be changed at first sign-in. */
    public void createDefaultAdminIfNone() {
        if (database.read(users::count) > 0) {
            return; // every start but the first: no password hash to make (an Argon2 hash is start-up time)
        }
        String hash = hasher.hash(PasswordPolicy.DEFAULT_PASSWORD);
        try {
            database.transaction(c -> {
                if (users.count(c) == 0) {
                    users.insert(c, new User(UUID.randomUUID().toString(), PasswordPolicy.DEFAULT_USERNAME, true, true,
                            true, null, clock.instant()), hash);
                }
                return null;
            });
        } catch (StorageException e) {
            // Replicas starting together on an empty database: another one inserted the admin first.
            if (database.read(users::count) == 0) {
                throw e;
            }
        }
    }

    public List<User> list() {
        return database.read(users::list);
    }

    public User get(String id) throws Refusal {
        return database.read(c -> require(c, id));
    }

    public User create(String username, String password, boolean admin, Actor actor) throws Refusal {
        String name = checkUsername(username);
        PasswordPolicy.check(name, password);
        String hash = hasher.hashOrRefuse(password);
        return database.transaction(c -> {
            if (users.findByUsername(c, name).isPresent()) {
                throw new Refusal(ErrorCode.CONFLICT, "A user named '" + name + "' already exists");
            }
            User user = new User(UUID.randomUUID().toString(), name, admin, true, true, null, clock.instant());
            users.insert(c, user, hash);
            audit.recordIn(c, entry(actor, AdminAction.USER_CREATE, user).change(null, described(user)));
            return user;
        });
    }

    /**
     * Changes any of name, admin flag and active flag; {@code null} leaves a value as it is. The
     * signed-in user ({@code actor}) cannot disable their own account.
     */
    public User update(Actor actor, String id, String username, Boolean admin, Boolean active)
            throws Refusal {
        if (Boolean.FALSE.equals(active) && id.equals(actor.userId())) {
            throw new Refusal(ErrorCode.CONFLICT, "You cannot disable the account you are signed in with");
        }
        String name = username == null ? null : checkUsername(username);
        return database.transaction(c -> {
            User user = require(c, id);
            if (name != null && !name.equals(user.username()) && users.findByUsername(c, name).isPresent()) {
                throw new Refusal(ErrorCode.CONFLICT, "A user named '" + name + "' already exists");
            }
            boolean stillAdmin = admin == null ? user.admin() : admin;
            boolean stillActive = active == null ? user.active() : active;
            if (user.admin() && user.active() && !(stillAdmin && stillActive)) {
                requireAnotherAdmin(c, id);
            }
            User updated = new User(id, name == null ? user.username() : name, stillAdmin, stillActive,
                    user.mustChangePassword(), user.agreementAcceptedAt(), user.createdAt());
            users.update(c, updated);
            if (!stillActive) {
                // Sessions would otherwise come back with the account when it is enabled again.
                sessions.deleteAll(c, id);
            }
            audit.recordIn(c, entry(actor, AdminAction.USER_UPDATE, updated).change(described(user), described(updated)));
            return updated;
        });
    }

    /** Deletes a user; the signed-in user ({@code actor}) cannot delete their own account. */
    public void delete(Actor actor, String id) throws Refusal {
        if (id.equals(actor.userId())) {
            throw new Refusal(ErrorCode.CONFLICT, "You cannot delete the account you are signed in with");
        }
        database.transaction(c -> {
            User user = require(c, id);
            if (user.admin() && user.active()) {
                requireAnotherAdmin(c, id);
            }
            users.delete(c, id);
            audit.recordIn(c, entry(actor, AdminAction.USER_DELETE, user).change(described(user), null));
            return null;
        });
    }

    /**
     * An admin sets a new password; the user's sessions end and they must choose their own password
     * at next sign-in.
     */
    public void resetPassword(String id, String password, Actor actor) throws Refusal {
        User user = get(id);
        PasswordPolicy.check(user.username(), password);
        String hash = hasher.hashOrRefuse(password);
        database.transaction(c -> {
            users.setPassword(c, id, hash, true);
            // Never the password: only that the user must choose their own at next sign-in.
            audit.recordIn(c, entry(actor, AdminAction.USER_PASSWORD_RESET, user)
                    .change(Map.of("mustChangePassword", String.valueOf(user.mustChangePassword())),
                            Map.of("mustChangePassword", "true")));
            return null;
        });
        sessions.deleteOthers(id, null);
    }

    private static AuditEntry entry(Actor actor, AdminAction action, User user) {
        return AuditEntry.admin(actor, action, user.id(), user.username());
    }

    private static Map<String, String> described(User user) {
        return Map.of("username", user.username(), "admin", String.valueOf(user.admin()),
                "active", String.valueOf(user.active()));
    }

    private User require(Connection c, String id) throws SQLException, Refusal {
        return users.find(c, id).orElseThrow(() -> Refusal.notFound("No user with id " + id));
    }

    private void requireAnotherAdmin(Connection c, String id) throws SQLException, Refusal {
        if (users.otherActiveAdmins(c, id) == 0) {
            throw new Refusal(ErrorCode.CONFLICT, "This is the last active admin; make another user admin first");
        }
    }

    private static String checkUsername(String username) throws Refusal {
        if (username == null || !USERNAME.matcher(username.trim()).matches()) {
            throw Refusal.badRequest("A user name has 1 to 64 letters, digits or . _ @ -");
        }
        return username.trim();
    }
}
