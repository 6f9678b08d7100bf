package io.signingmanager.service.users;

import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code users} table. */
public final class UserRepository {
    private static final String COLUMNS =
            "id, username, admin, active, must_change_password, agreement_accepted_at, created_at";

    public List<User> list(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM users ORDER BY username", UserRepository::map);
    }

    public Optional<User> find(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM users WHERE id = ?", UserRepository::map, id);
    }

    public Optional<User> findByUsername(Connection c, String username) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM users WHERE username = ?", UserRepository::map, username);
    }

    public Optional<String> passwordHash(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT password_hash FROM users WHERE id = ?", row -> row.getString(1), id);
    }

    public int count(Connection c) throws SQLException {
        return Sql.one(c, "SELECT COUNT(*) FROM users", row -> row.getInt(1)).orElse(0);
    }

    /** Whether anyone has chosen a password of their own (and so the default one no longer works). */
    public boolean anyPasswordChosen(Connection c) throws SQLException {
        // An admin's reset sets must_change_password again, but never clears an accepted agreement.
        return Sql.one(c, "SELECT COUNT(*) FROM users WHERE NOT must_change_password OR agreement_accepted_at IS NOT NULL",
                row -> row.getInt(1)).orElse(0) > 0;
    }

    /** Active admins other than the given user: the service must always keep one. */
    public int otherActiveAdmins(Connection c, String exceptId) throws SQLException {
        return Sql.one(c, "SELECT COUNT(*) FROM users WHERE admin AND active AND id <> ?",
                row -> row.getInt(1), exceptId).orElse(0);
    }

    public void insert(Connection c, User user, String passwordHash) throws SQLException {
        Sql.update(c, "INSERT INTO users (" + COLUMNS + ", password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                user.id(), user.username(), user.admin(), user.active(), user.mustChangePassword(),
                user.agreementAcceptedAt(), user.createdAt(), passwordHash);
    }

    public void update(Connection c, User user) throws SQLException {
        Sql.update(c, "UPDATE users SET username = ?, admin = ?, active = ?, must_change_password = ?, "
                        + "agreement_accepted_at = ? WHERE id = ?",
                user.username(), user.admin(), user.active(), user.mustChangePassword(),
                user.agreementAcceptedAt(), user.id());
    }

    public void setPassword(Connection c, String id, String passwordHash, boolean mustChange) throws SQLException {
        Sql.update(c, "UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ?",
                passwordHash, mustChange, id);
    }

    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM users WHERE id = ?", id) > 0;
    }

    public void acceptAgreement(Connection c, String id, Instant at) throws SQLException {
        Sql.update(c, "UPDATE users SET agreement_accepted_at = ? WHERE id = ?", at, id);
    }

    private static User map(ResultSet row) throws SQLException {
        return new User(row.getString("id"), row.getString("username"), row.getBoolean("admin"),
                row.getBoolean("active"), row.getBoolean("must_change_password"),
                Sql.instant(row, "agreement_accepted_at"), Sql.instant(row, "created_at"));
    }
}
