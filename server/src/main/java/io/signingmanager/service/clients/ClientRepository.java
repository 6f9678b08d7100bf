package io.signingmanager.service.clients;

import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code clients} table. Client tokens are found by their SHA-256 only. */
public final class ClientRepository {
    private static final String SELECT = "SELECT c.id, c.api_key_id, k.name AS api_key_name, c.hostname, c.platform, "
            + "c.app_version, c.active, c.registered_at, c.last_seen_at, c.last_address "
            + "FROM clients c JOIN api_keys k ON k.id = c.api_key_id";

    /** A client found by its token, with the state of its API key: what every protocol call checks. */
    public record Caller(String clientId, String hostname, boolean clientActive, String apiKeyId, String apiKeyName,
                         boolean apiKeyActive, Instant lastSeenAt) {
    }

    public List<Client> list(Connection c) throws SQLException {
        return Sql.list(c, SELECT + " ORDER BY c.registered_at", ClientRepository::map);
    }

    public List<Client> listByKey(Connection c, String apiKeyId) throws SQLException {
        return Sql.list(c, SELECT + " WHERE c.api_key_id = ? ORDER BY c.registered_at", ClientRepository::map, apiKeyId);
    }

    public Optional<Client> find(Connection c, String id) throws SQLException {
        return Sql.one(c, SELECT + " WHERE c.id = ?", ClientRepository::map, id);
    }

    public Optional<Caller> findByTokenHash(Connection c, String tokenHash) throws SQLException {
        return Sql.one(c, "SELECT c.id, c.hostname, c.active, k.id, k.name, k.active, c.last_seen_at "
                        + "FROM clients c JOIN api_keys k ON k.id = c.api_key_id WHERE c.token_hash = ?",
                row -> new Caller(row.getString(1), row.getString(2), row.getBoolean(3), row.getString(4),
                        row.getString(5), row.getBoolean(6), Sql.instant(row, "last_seen_at")), tokenHash);
    }

    public void insert(Connection c, Client client, String tokenHash) throws SQLException {
        Sql.update(c, "INSERT INTO clients (id, api_key_id, token_hash, hostname, platform, app_version, active, "
                        + "registered_at, last_seen_at, last_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                client.id(), client.apiKeyId(), tokenHash, client.hostname(), client.platform(), client.appVersion(),
                client.active(), client.registeredAt(), client.lastSeenAt(), client.lastAddress());
    }

    public void touch(Connection c, String id, Instant seenAt, String address) throws SQLException {
        Sql.update(c, "UPDATE clients SET last_seen_at = ?, last_address = ? WHERE id = ?", seenAt, address, id);
    }

    public boolean setActive(Connection c, String id, boolean active) throws SQLException {
        return Sql.update(c, "UPDATE clients SET active = ? WHERE id = ?", active, id) > 0;
    }

    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM clients WHERE id = ?", id) > 0;
    }

    private static Client map(ResultSet row) throws SQLException {
        return new Client(row.getString("id"), row.getString("api_key_id"), row.getString("api_key_name"),
                row.getString("hostname"), row.getString("platform"), row.getString("app_version"),
                row.getBoolean("active"), Sql.instant(row, "registered_at"), Sql.instant(row, "last_seen_at"),
                row.getString("last_address"));
    }
}
