package io.signingmanager.service.apple;

import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The {@code provisioning_profiles} table. Platforms are stored comma-separated in one column. */
public final class ProfileRepository {
    private static final String FIELDS = "id, uuid, name, team_id, team_name, app_id_name, application_identifier, "
            + "platform, profile_type, created_at, expires_at, uploaded_at";
    /** What a file sets, on upload and on replace alike. */
    private static final String FILE_COLUMNS = "uuid = ?, name = ?, team_id = ?, team_name = ?, app_id_name = ?, "
            + "application_identifier = ?, platform = ?, profile_type = ?, created_at = ?, expires_at = ?, content = ?, "
            + "uploaded_at = ?";

    /** Without the files: a list does not need them. */
    public List<StoredProfile> list(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + FIELDS + " FROM provisioning_profiles ORDER BY name, uuid",
                row -> map(row, null));
    }

    public Optional<StoredProfile> find(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + FIELDS + ", content FROM provisioning_profiles WHERE id = ?",
                row -> map(row, row.getBytes("content")), id);
    }

    public Optional<StoredProfile> findByUuid(Connection c, String uuid) throws SQLException {
        return Sql.one(c, "SELECT " + FIELDS + ", content FROM provisioning_profiles WHERE uuid = ?",
                row -> map(row, row.getBytes("content")), uuid);
    }

    /** Apple's resource id of a profile the service created through the App Store Connect API, else empty. */
    public Optional<String> portalId(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT portal_id FROM provisioning_profiles WHERE id = ? AND portal_id IS NOT NULL",
                row -> row.getString(1), id);
    }

    public Optional<StoredProfile> findByPortalId(Connection c, String portalId) throws SQLException {
        return Sql.one(c, "SELECT " + FIELDS + ", content FROM provisioning_profiles WHERE portal_id = ?",
                row -> map(row, row.getBytes("content")), portalId);
    }

    public void setPortalId(Connection c, String id, String portalId) throws SQLException {
        Sql.update(c, "UPDATE provisioning_profiles SET portal_id = ? WHERE id = ?", portalId, id);
    }

    public Optional<byte[]> content(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT content FROM provisioning_profiles WHERE id = ?", row -> row.getBytes(1), id);
    }

    public void insert(Connection c, String id, ProvisioningProfile profile, byte[] file, Instant now)
            throws SQLException {
        Sql.update(c, "INSERT INTO provisioning_profiles (id, uuid, name, team_id, team_name, app_id_name, "
                + "application_identifier, platform, profile_type, created_at, expires_at, content, uploaded_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values(id, profile, file, now, false));
    }

    /** The same row (its id, so workflow slots keep pointing at it) now holding another file. */
    public boolean replace(Connection c, String id, ProvisioningProfile profile, byte[] file, Instant now)
            throws SQLException {
        return Sql.update(c, "UPDATE provisioning_profiles SET " + FILE_COLUMNS + " WHERE id = ?",
                values(id, profile, file, now, true)) > 0;
    }

    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM provisioning_profiles WHERE id = ?", id) > 0;
    }

    /** The file's columns in {@link #FILE_COLUMNS}' order, with the id first (insert) or last (update). */
    private static Object[] values(String id, ProvisioningProfile p, byte[] file, Instant now, boolean idLast) {
        Object[] columns = {p.uuid(), p.name(), p.teamId(), p.teamName(), p.appIdName(), p.applicationIdentifier(),
            String.join(",", p.platforms()), p.type().wire(), p.createdAt(), p.expiresAt(), file, now};
        Object[] all = new Object[columns.length + 1];
        System.arraycopy(columns, 0, all, idLast ? 0 : 1, columns.length);
        all[idLast ? columns.length : 0] = id;
        return all;
    }

    private static StoredProfile map(ResultSet row, byte[] content) throws SQLException {
        String platforms = row.getString("platform");
        return new StoredProfile(row.getString("id"), row.getString("uuid"), row.getString("name"),
                row.getString("team_id"), row.getString("team_name"), row.getString("app_id_name"),
                row.getString("application_identifier"),
                platforms.isEmpty() ? List.of() : Arrays.asList(platforms.split(",")),
                ProfileType.fromWire(row.getString("profile_type")), Sql.instant(row, "created_at"),
                Sql.instant(row, "expires_at"), Sql.instant(row, "uploaded_at"), content);
    }
}
