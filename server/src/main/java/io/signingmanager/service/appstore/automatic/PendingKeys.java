package io.signingmanager.service.appstore.automatic;

import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The keys the service generated for certificates Apple has not issued yet ({@code automatic_pending_keys}),
 * one per workflow and certificate type, sealed like signing keys. A retry after the limit or a failure
 * asks Apple again with the same key; the key leaves this table when its certificate is stored.
 */
final class PendingKeys {
    static final int RSA_BITS = 2048;

    private final Database database;
    private final SecretBox secrets;
    private final Clock clock;

    PendingKeys(Database database, SecretBox secrets, Clock clock) {
        this.database = database;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A key that waits for a certificate, by its id and the key pair itself. */
    record PendingKey(String id, KeyPair keyPair) {
    }

    /** The workflow's waiting key for that type, or a new RSA-2048 key, kept (in its own transaction) before it is used. */
    PendingKey forCertificate(String workflowId, PortalCertificateType type) {
        return database.transaction(c -> {
            Optional<PendingKey> waiting = Sql.one(c, "SELECT id, public_key, private_key_sealed FROM automatic_pending_keys "
                    + "WHERE workflow_id = ? AND certificate_type = ?", this::map, workflowId, type.name());
            if (waiting.isPresent()) {
                return waiting.get();
            }
            KeyPair keyPair = generate();
            String id = UUID.randomUUID().toString();
            Sql.update(c, "INSERT INTO automatic_pending_keys (id, workflow_id, certificate_type, public_key, "
                    + "private_key_sealed, created_at) VALUES (?, ?, ?, ?, ?, ?)", id, workflowId, type.name(),
                    keyPair.getPublic().getEncoded(), secrets.seal(keyPair.getPrivate().getEncoded(), associatedData(id)),
                    clock.instant());
            return new PendingKey(id, keyPair);
        });
    }

    /** A waiting key whose public half is {@code publicKey} (its SubjectPublicKeyInfo), of any workflow. */
    Optional<PendingKey> matching(Connection c, PublicKey publicKey) throws SQLException {
        return Sql.one(c, "SELECT id, public_key, private_key_sealed FROM automatic_pending_keys WHERE public_key = ?",
                this::map, (Object) publicKey.getEncoded());
    }

    /** The key now has its certificate, stored with it in the same transaction. */
    void used(Connection c, String id) throws SQLException {
        Sql.update(c, "DELETE FROM automatic_pending_keys WHERE id = ?", id);
    }

    private PendingKey map(ResultSet row) throws SQLException {
        String id = row.getString("id");
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            byte[] pkcs8 = secrets.open(row.getBytes("private_key_sealed"), associatedData(id));
            return new PendingKey(id, new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(row.getBytes("public_key"))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(pkcs8))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The waiting key " + id + " cannot be opened", e);
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot make RSA keys", e);
        }
    }

    private static String associatedData(String id) {
        return "automatic_pending_keys/" + id;
    }
}
