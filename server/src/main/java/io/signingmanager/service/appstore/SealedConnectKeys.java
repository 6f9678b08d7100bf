package io.signingmanager.service.appstore;

import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;

/**
 * The stored keys as the API client needs them: a key's fields and its {@code .p8} unsealed (the row's
 * id as associated data, as signing keys are sealed), and what a call learnt (last use, the team).
 * Shared by {@link ConnectKeyService} and {@link AppStoreConnect}; the {@code .p8} never leaves the package.
 */
final class SealedConnectKeys {
    private final Database database;
    private final ConnectKeyRepository keys;
    private final SecretBox secrets;

    SealedConnectKeys(Database database, ConnectKeyRepository keys, SecretBox secrets) {
        this.database = database;
        this.keys = keys;
        this.secrets = secrets;
    }

    Database database() {
        return database;
    }

    ConnectKeyRepository repository() {
        return keys;
    }

    ConnectKey get(String id) throws Refusal {
        return database.read(c -> keys.find(c, id)).orElseThrow(() -> unknown(id));
    }

    byte[] seal(String id, ECPrivateKey key) {
        return secrets.seal(key.getEncoded(), associatedData(id));
    }

    ECPrivateKey open(String id) throws Refusal {
        byte[] sealed = database.read(c -> keys.sealedP8(c, id)).orElseThrow(() -> unknown(id));
        return P8Key.fromPkcs8(secrets.open(sealed, associatedData(id)));
    }

    void markUsed(String id, Instant at) {
        database.read(c -> {
            keys.markUsed(c, id, at);
            return null;
        });
    }

    void learnTeam(String id, String teamId, String teamName) {
        database.read(c -> {
            keys.setTeam(c, id, teamId, teamName);
            return null;
        });
    }

    private static String associatedData(String id) {
        return "connect_keys/" + id;
    }

    static Refusal unknown(String id) {
        return Refusal.notFound("No App Store Connect API key with id " + id);
    }
}
