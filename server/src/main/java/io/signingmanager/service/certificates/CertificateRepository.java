package io.signingmanager.service.certificates;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.KeyType;
import io.signingmanager.service.storage.Sql;
import java.io.ByteArrayOutputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The {@code certificates} and {@code certificate_api_keys} tables; the key column is only ever sealed. */
public final class CertificateRepository {
    private static final String COLUMNS = "id, sha1, sha256, common_name, subject, issuer, serial, not_before, "
            + "not_after, key_type, key_size, active, all_keys_authorized, imported_at, updated_at, certificate, chain";
    /** What an imported identity sets, on import and on "Edit" alike. */
    private static final List<String> IDENTITY_COLUMNS = List.of("sha1", "sha256", "common_name", "subject", "issuer",
            "serial", "not_before", "not_after", "key_type", "key_size", "certificate", "chain", "private_key_sealed");

    public List<StoredCertificate> list(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM certificates ORDER BY common_name, sha1", CertificateRepository::map);
    }

    /** Active certificates the API key may use: all-keys ones, and those that list it. */
    public List<StoredCertificate> listForApiKey(Connection c, String apiKeyId) throws SQLException {
        return Sql.list(c, "SELECT " + COLUMNS + " FROM certificates WHERE active AND (all_keys_authorized OR id IN "
                        + "(SELECT certificate_id FROM certificate_api_keys WHERE api_key_id = ?)) ORDER BY common_name, sha1",
                CertificateRepository::map, apiKeyId);
    }

    public Optional<StoredCertificate> find(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM certificates WHERE id = ?", CertificateRepository::map, id);
    }

    public Optional<StoredCertificate> findBySha1(Connection c, String sha1) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM certificates WHERE sha1 = ?", CertificateRepository::map, sha1);
    }

    /** Apple's resource id of a certificate the service created through the App Store Connect API, else empty. */
    public Optional<String> portalId(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT portal_id FROM certificates WHERE id = ? AND portal_id IS NOT NULL",
                row -> row.getString(1), id);
    }

    /** The certificate the service created with that resource id in Apple's portal. */
    public Optional<StoredCertificate> findByPortalId(Connection c, String portalId) throws SQLException {
        return Sql.one(c, "SELECT " + COLUMNS + " FROM certificates WHERE portal_id = ?", CertificateRepository::map,
                portalId);
    }

    public void setPortalId(Connection c, String id, String portalId) throws SQLException {
        Sql.update(c, "UPDATE certificates SET portal_id = ? WHERE id = ?", portalId, id);
    }

    public Optional<byte[]> sealedKey(Connection c, String id) throws SQLException {
        return Sql.one(c, "SELECT private_key_sealed FROM certificates WHERE id = ?", row -> row.getBytes(1), id);
    }

    public void insert(Connection c, String id, ImportedIdentity identity, byte[] sealedKey, Instant now)
            throws SQLException {
        Sql.update(c, "INSERT INTO certificates (id, active, all_keys_authorized, imported_at, updated_at, "
                        + String.join(", ", IDENTITY_COLUMNS) + ") VALUES (?, TRUE, TRUE, ?, ?"
                        + ", ?".repeat(IDENTITY_COLUMNS.size()) + ")",
                concat(new Object[] {id, now, now}, identityValues(identity, sealedKey)));
    }

    /** "Edit": the same record, now holding another identity; status and authorizations stay. */
    public void replace(Connection c, String id, ImportedIdentity identity, byte[] sealedKey, Instant now)
            throws SQLException {
        Sql.update(c, "UPDATE certificates SET " + String.join(" = ?, ", IDENTITY_COLUMNS) + " = ?, updated_at = ? "
                        + "WHERE id = ?",
                concat(identityValues(identity, sealedKey), new Object[] {now, id}));
    }

    /** The values of {@link #IDENTITY_COLUMNS}, read from the identity's leaf certificate and key. */
    private static Object[] identityValues(ImportedIdentity identity, byte[] sealedKey) {
        X509Certificate leaf = identity.leaf();
        return new Object[] {Fingerprints.sha1(leaf), Fingerprints.sha256(leaf), Certificates.commonName(leaf),
            leaf.getSubjectX500Principal().getName(), leaf.getIssuerX500Principal().getName(),
            leaf.getSerialNumber().toString(16).toUpperCase(Locale.ROOT), leaf.getNotBefore().toInstant(),
            leaf.getNotAfter().toInstant(), identity.key().type().name(), identity.key().size(), der(leaf),
            chainBytes(identity.chain()), sealedKey};
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    public boolean setActive(Connection c, String id, boolean active, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE certificates SET active = ?, updated_at = ? WHERE id = ?", active, now, id) > 0;
    }

    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM certificates WHERE id = ?", id) > 0;
    }

    public List<String> authorizedKeys(Connection c, String id) throws SQLException {
        return Sql.list(c, "SELECT api_key_id FROM certificate_api_keys WHERE certificate_id = ? ORDER BY api_key_id",
                row -> row.getString(1), id);
    }

    public boolean authorizes(Connection c, String id, String apiKeyId) throws SQLException {
        return Sql.one(c, "SELECT 1 FROM certificate_api_keys WHERE certificate_id = ? AND api_key_id = ?",
                row -> true, id, apiKeyId).isPresent();
    }

    public void setAuthorizedKeys(Connection c, String id, boolean all, List<String> apiKeyIds) throws SQLException {
        Sql.update(c, "UPDATE certificates SET all_keys_authorized = ? WHERE id = ?", all, id);
        Sql.update(c, "DELETE FROM certificate_api_keys WHERE certificate_id = ?", id);
        for (String apiKeyId : apiKeyIds) {
            Sql.update(c, "INSERT INTO certificate_api_keys (certificate_id, api_key_id) VALUES (?, ?)", id, apiKeyId);
        }
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Certificate cannot be encoded", e);
        }
    }

    /** The chain after the leaf, as concatenated DER (a sequence the JDK's CertificateFactory reads back). */
    private static byte[] chainBytes(List<X509Certificate> chain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (X509Certificate certificate : chain.subList(1, chain.size())) {
            out.writeBytes(der(certificate));
        }
        return out.toByteArray();
    }

    private static StoredCertificate map(ResultSet row) throws SQLException {
        return new StoredCertificate(row.getString("id"), row.getString("sha1"), row.getString("sha256"),
                row.getString("common_name"), row.getString("subject"), row.getString("issuer"), row.getString("serial"),
                Sql.instant(row, "not_before"), Sql.instant(row, "not_after"), KeyType.valueOf(row.getString("key_type")),
                row.getInt("key_size"), row.getBoolean("active"), row.getBoolean("all_keys_authorized"),
                Sql.instant(row, "imported_at"), Sql.instant(row, "updated_at"), row.getBytes("certificate"), row.getBytes("chain"));
    }
}
