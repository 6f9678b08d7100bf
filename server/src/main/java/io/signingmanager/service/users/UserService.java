package io.signingmanager.service.users;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.auth.SessionStore;
import io.signingmanager.service.http.ApiException;
import io.signingmanager.service.secrets.PasswordHasher;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/** Managing users: the rules (one active admin always remains, valid names, password policy) live here. */
public final class UserService {
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final Database database;
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final Clock clock;

    public UserService(Database database, UserRepository users, PasswordHasher hasher, SessionStore sessions,
                       Clock clock) {
        this.database = database;
        this.users = users;
        this.hasher = hasher;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** On first start: {@code admin} / {@code change_password}, to be changed at first sign-in. */
    public void createDefaultAdminIfNone() {
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

    public User get(String id) throws ApiException {
        return database.read(c -> require(c, id));
    }

    public User create(String username, String password, boolean admin) throws ApiException {
        String name = checkUsername(username);
        PasswordPolicy.check(name, password);
        String hash = hasher.hash(password);
        return database.transaction(c -> {
            if (users.findByUsername(c, name).isPresent()) {
                throw new ApiException(ErrorCode.CONFLICT, "A user named '" + name + "' already exists");
            }
            User user = new User(UUID.randomUUID().toString(), name, admin, true, true, null, clock.instant());
            users.insert(c, user, hash);
            return user;
        });
    }

    /**
     * Changes any of name, admin flag and active flag; {@code null} leaves a value as it is. The
     * signed-in user ({@code actingUserId}) cannot disable their own account.
     */
    public User update(String actingUserId, String id, String username, Boolean admin, Boolean active)
            throws ApiException {
        if (Boolean.FALSE.equals(active) && id.equals(actingUserId)) {
            throw new ApiException(ErrorCode.CONFLICT, "You cannot disable the account you are signed in with");
        }
        String name = username == null ? null : checkUsername(username);
        return database.transaction(c -> {
            User user = require(c, id);
            if (name != null && !name.equals(user.username()) && users.findByUsername(c, name).isPresent()) {
                throw new ApiException(ErrorCode.CONFLICT, "A user named '" + name + "' already exists");
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
            return updated;
        });
    }

    /** Deletes a user; the signed-in user ({@code actingUserId}) cannot delete their own account. */
    public void delete(String actingUserId, String id) throws ApiException {
        if (id.equals(actingUserId)) {
            throw new ApiException(ErrorCode.CONFLICT, "You cannot delete the account you are signed in with");
        }
        database.transaction(c -> {
            User user = require(c, id);
            if (user.admin() && user.active()) {
                requireAnotherAdmin(c, id);
            }
            users.delete(c, id);
            return null;
        });
    }

    /**
     * An admin sets a new password; the user's sessions end and they must choose their own password
     * at next sign-in.
     */
    public void resetPassword(String id, String password) throws ApiException {
        User user = get(id);
        PasswordPolicy.check(user.username(), password);
        String hash = hasher.hash(password);
        database.transaction(c -> {
            users.setPassword(c, id, hash, true);
            return null;
        });
        sessions.deleteOthers(id, null);
    }

    private User require(Connection c, String id) throws SQLException, ApiException {
        return users.find(c, id).orElseThrow(() -> ApiException.notFound("No user with id " + id));
    }

    private void requireAnotherAdmin(Connection c, String id) throws SQLException, ApiException {
        if (users.otherActiveAdmins(c, id) == 0) {
            throw new ApiException(ErrorCode.CONFLICT, "This is the last active admin; make another user admin first");
        }
    }

    private static String checkUsername(String username) throws ApiException {
        if (username == null || !USERNAME.matcher(username.trim()).matches()) {
            throw ApiException.badRequest("A user name has 1 to 64 letters, digits or . _ @ -");
        }
        return username.trim();
    }
}
