package io.signingmanager.service.apikeys;

import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code api_keys} table. Values are found by their SHA-256 and kept sealed for "show value". */
public final class ApiKeyRepository {
    private static final String SELECT = "SELECT k.id, k.name, k.active, k.created_at, "
            + "(SELECT COUNT(*) FROM clients c WHERE c.api_key_id = k.id) AS client_count FROM api_keys k";

    /** An API key found by its value's hash. */
    public record Match(String id, String name, boolean active) {
    }

    public List<ApiKey> list(Connection c) throws SQLException {
        return Sql.list(c, SELECT + " ORDER BY k.created_at, k.name", ApiKeyRepository::map);
    }

    public Optional<ApiKey> find(Connection c, String id) throws SQLException {
        return Sql.one(c, SELECT + " WHERE k.id = ?", ApiKeyRepository::map, id);
    }

    public Optional<Match> findByHash(Connection c, String keyHash) throws SQLException {
        return Sql.one(c, "SELECT id, name, active FROM api_keys WHERE key_hash = ?",
                row -> new Match(row.getString(1), row.getString(2), row.getBoolean(3)), keyHash);
    }

    public Optional<byte[]> sealedValue(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT key_sealed FROM api_keys WHERE id = ?", row -> row.getBytes(1), id);
    }

    public void insert(Connection c, String id, String name, String keyHash, byte[] sealed, Instant createdAt)
            throws SQLException {
        Sql.update(c, "INSERT INTO api_keys (id, name, key_hash, key_sealed, active, created_at) VALUES (?, ?, ?, ?, TRUE, ?)",
                id, name, keyHash, sealed, createdAt);
    }

    public boolean setActive(Connection c, String id, boolean active) throws SQLException {
        return Sql.update(c, "UPDATE api_keys SET active = ? WHERE id = ?", active, id) > 0;
    }

    public boolean rename(Connection c, String id, String name) throws SQLException {
        return Sql.update(c, "UPDATE api_keys SET name = ? WHERE id = ?", name, id) > 0;
    }

    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM api_keys WHERE id = ?", id) > 0;
    }

    private static ApiKey map(ResultSet row) throws SQLException {
        return new ApiKey(row.getString("id"), row.getString("name"), row.getBoolean("active"),
                Sql.instant(row, "created_at"), row.getInt("client_count"));
    }
}
