package io.signingmanager.service.appstore;

import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code connect_keys} table; the {@code .p8} column is only ever sealed. */
public final class ConnectKeyRepository {
    private static final String COLUMNS = "id, name, issuer_id, key_id, team_id, team_name, created_at, last_used_at";

    public List<ConnectKey> list(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM connect_keys ORDER BY name", ConnectKeyRepository::map);
    }

    public Optional<ConnectKey> find(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM connect_keys WHERE id = ?", ConnectKeyRepository::map, id);
    }

    public Optional<ConnectKey> findByName(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM connect_keys WHERE name = ?", ConnectKeyRepository::map, name);
    }

    public Optional<ConnectKey> findByKeyId(Connection c, String keyId) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM connect_keys WHERE key_id = ?", ConnectKeyRepository::map, keyId);
    }

    public Optional<byte[]> sealedP8(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT p8_sealed FROM connect_keys WHERE id = ?", row -> row.getBytes(1), id);
    }

    /** The names of the workflows that sign up with the key. */
    public List<String> workflowsUsing(Connection c, String id) throws SQLException {
        return Sql.list(c, "SELECT name FROM workflows WHERE connect_key_id = ? ORDER BY name", row -> row.getString(1),
                id);
    }

    public void insert(Connection c, ConnectKey key, byte[] p8Sealed) throws SQLException {
        Sql.update(c, "INSERT INTO connect_keys (id, name, issuer_id, key_id, p8_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                key.id(), key.name(), key.issuerId(), key.keyId(), p8Sealed, key.createdAt());
    }

    public void markUsed(Connection c, String id, Instant at) throws SQLException {
        Sql.update(c, "UPDATE connect_keys SET last_used_at = ? WHERE id = ?", at, id);
    }

    /** Fills in the team once an answer has told it; a team already known stays. */
    public void setTeam(Connection c, String id, String teamId, String teamName) throws SQLException {
        Sql.update(c, "UPDATE connect_keys SET team_id = COALESCE(team_id, ?), team_name = COALESCE(team_name, ?) "
                + "WHERE id = ?", teamId, teamName, id);
    }

    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM connect_keys WHERE id = ?", id) > 0;
    }

    private static ConnectKey map(ResultSet row) throws SQLException {
        return new ConnectKey(row.getString("id"), row.getString("name"), row.getString("issuer_id"),
                row.getString("key_id"), row.getString("team_id"), row.getString("team_name"),
                Sql.instant(row, "created_at"), Sql.instant(row, "last_used_at"));
    }
}
