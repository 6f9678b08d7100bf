package io.signingmanager.service.apple;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code workflows}, {@code workflow_extensions} and {@code workflow_api_keys} tables. */
public final class WorkflowRepository {
    private static final String COLUMNS = "id, name, bundle_id, distribution, signing_method, connect_key_id, "
            + "mac_catalyst, application_certificate_id, installer_certificate_id, profile_id, all_keys_authorized, created_at, updated_at";

    public List<Workflow> list(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM workflows ORDER BY name", WorkflowRepository::map);
    }

    /** The workflows the API key may fetch: all-keys ones, and those that list it. */
    public List<Workflow> listForApiKey(Connection c, String apiKeyId) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM workflows WHERE all_keys_authorized OR id IN "
                + "(SELECT workflow_id FROM workflow_api_keys WHERE api_key_id = ?) ORDER BY name",
                WorkflowRepository::map, apiKeyId);
    }

    public Optional<Workflow> find(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM workflows WHERE id = ?", WorkflowRepository::map, id);
    }

    public Optional<Workflow> findByName(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM workflows WHERE name = ?", WorkflowRepository::map, name);
    }

    public void insert(Connection c, Workflow w) throws SQLException {
        Sql.update(c, "INSERT INTO workflows (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", w.id(),
                w.name(), w.bundleId(), w.distribution().wire(), w.method().wire(), w.connectKeyId(), w.macCatalyst(),
                w.applicationCertificateId(),
                w.installerCertificateId(), w.profileId(), w.allKeysAuthorized(), w.createdAt(), w.updatedAt());
    }

    /**
     * Writes what an admin may change on the row itself: name, bundle ID, distribution, method, API key,
     * Mac Catalyst and the three slots.
     */
    public void update(Connection c, Workflow w, Instant now) throws SQLException {
        Sql.update(c, "UPDATE workflows SET name = ?, bundle_id = ?, distribution = ?, signing_method = ?, "
                + "connect_key_id = ?, mac_catalyst = ?, application_certificate_id = ?, installer_certificate_id = ?, "
                + "profile_id = ?, updated_at = ? WHERE id = ?", w.name(), w.bundleId(), w.distribution().wire(),
                w.method().wire(), w.connectKeyId(), w.macCatalyst(), w.applicationCertificateId(),
                w.installerCertificateId(), w.profileId(), now, w.id());
    }

    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM workflows WHERE id = ?", id) > 0;
    }

    public List<WorkflowExtension> extensions(Connection c, String id) throws SQLException {
        return Sql.list(c, "SELECT bundle_id, profile_id FROM workflow_extensions WHERE workflow_id = ? ORDER BY bundle_id",
                row -> new WorkflowExtension(row.getString(1), row.getString(2)), id);
    }

    public void addExtension(Connection c, String id, String bundleId) throws SQLException {
        Sql.update(c, "INSERT INTO workflow_extensions (workflow_id, bundle_id) VALUES (?, ?)", id, bundleId);
    }

    public boolean removeExtension(Connection c, String id, String bundleId) throws SQLException {
        return Sql.update(c, "DELETE FROM workflow_extensions WHERE workflow_id = ? AND bundle_id = ?", id, bundleId) > 0;
    }

    public void setExtensionProfile(Connection c, String id, String bundleId, String profileId) throws SQLException {
        Sql.update(c, "UPDATE workflow_extensions SET profile_id = ? WHERE workflow_id = ? AND bundle_id = ?",
                profileId, id, bundleId);
    }

    public List<String> authorizedKeys(Connection c, String id) throws SQLException {
        return Sql.list(c, "SELECT api_key_id FROM workflow_api_keys WHERE workflow_id = ? ORDER BY api_key_id",
                row -> row.getString(1), id);
    }

    /**
     * The names of the active API keys that may fetch the workflow but may not sign with the certificate
     * (one that does not authorize all keys): a build machine with one would get the files and be refused the signature.
     */
    public List<String> fetchOnlyKeyNames(Connection c, Workflow workflow, String certificateId) throws SQLException {
        return Sql.list(c, "SELECT name FROM api_keys WHERE active"
                + " AND (? OR id IN (SELECT api_key_id FROM workflow_api_keys WHERE workflow_id = ?))"
                + " AND id NOT IN (SELECT api_key_id FROM certificate_api_keys WHERE certificate_id = ?) ORDER BY name",
                row -> row.getString(1), workflow.allKeysAuthorized(), workflow.id(), certificateId);
    }

    public void setAuthorizedKeys(Connection c, String id, boolean all, List<String> apiKeyIds) throws SQLException {
        Sql.update(c, "UPDATE workflows SET all_keys_authorized = ? WHERE id = ?", all, id);
        Sql.update(c, "DELETE FROM workflow_api_keys WHERE workflow_id = ?", id);
        for (String apiKeyId : apiKeyIds) {
            Sql.update(c, "INSERT INTO workflow_api_keys (workflow_id, api_key_id) VALUES (?, ?)", id, apiKeyId);
        }
    }

    /** The name of an App Store Connect API key, for an automatic workflow's checklist. */
    public Optional<String> connectKeyName(Connection c, String connectKeyId) throws SQLException {
        return Sql.one(c, "SELECT name FROM connect_keys WHERE id = ?", row -> row.getString(1), connectKeyId);
    }

    /** The names of the workflows whose application or installer slot holds the certificate. */
    public List<String> namesHoldingCertificate(Connection c, String certificateId) throws SQLException {
        return Sql.list(c, "SELECT name FROM workflows WHERE application_certificate_id = ? OR installer_certificate_id = ? "
                + "ORDER BY name", row -> row.getString(1), certificateId, certificateId);
    }

    /** The names of the workflows whose main or extension profile slot holds the profile. */
    public List<String> namesHoldingProfile(Connection c, String profileId) throws SQLException {
        return Sql.list(c, "SELECT name FROM workflows WHERE profile_id = ? OR id IN "
                + "(SELECT workflow_id FROM workflow_extensions WHERE profile_id = ?) ORDER BY name",
                row -> row.getString(1), profileId, profileId);
    }

    private static Workflow map(ResultSet row) throws SQLException {
        return new Workflow(row.getString("id"), row.getString("name"), row.getString("bundle_id"),
                Distribution.fromWire(row.getString("distribution")), SigningMethod.fromWire(row.getString("signing_method")),
                row.getString("connect_key_id"), row.getBoolean("mac_catalyst"), row.getString("application_certificate_id"), row.getString("installer_certificate_id"),
                row.getString("profile_id"), row.getBoolean("all_keys_authorized"), Sql.instant(row, "created_at"),
                Sql.instant(row, "updated_at"));
    }
}
