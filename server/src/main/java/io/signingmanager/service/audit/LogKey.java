package io.signingmanager.service.audit;

import io.signingmanager.common.tlog.Checkpoint;
import io.signingmanager.common.tlog.NoteVerifierKey;
import io.signingmanager.common.tlog.SignedNote;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * The signing log's Ed25519 key: made once, at the first start of the first replica, its private key
 * sealed under the master key like the signing keys. Its name, {@code signing-service/<16 hex digits>},
 * is the origin of every checkpoint, fixed with the key. Replicas starting together race on one INSERT;
 * the losers read the winner's key.
 */
final class LogKey {
    static final String NAME_PREFIX = "signing-service/";

    private final NoteVerifierKey verifier;
    private final Ed25519PrivateKeyParameters privateKey;

    private LogKey(NoteVerifierKey verifier, Ed25519PrivateKeyParameters privateKey) {
        this.verifier = verifier;
        this.privateKey = privateKey;
    }

    /** The stored key, made first when there is none; refuses a row whose sealed key is not its public key's. */
    static LogKey loadOrCreate(Database database, SecretBox secrets, Clock clock) {
        Optional<Stored> stored = database.read(LogKey::stored);
        if (stored.isEmpty()) {
            stored = Optional.of(create(database, secrets, clock));
        }
        return open(stored.get(), secrets);
    }

    /** The log's public key as stored, without opening its private key ({@code empty} before the first start). */
    static Optional<NoteVerifierKey> verifier(Connection c) throws SQLException {
        return stored(c).map(s -> new NoteVerifierKey(s.name(), s.publicKey()));
    }

    NoteVerifierKey verifier() {
        return verifier;
    }

    /** The checkpoint as a signed note, signed by this key. */
    String sign(Checkpoint checkpoint) {
        return SignedNote.sign(checkpoint.text(), verifier, privateKey);
    }

    private record Stored(String name, byte[] publicKey, byte[] sealedPrivateKey) {
    }

    private static Optional<Stored> stored(Connection c) throws SQLException {
        return Sql.one(c, "SELECT name, public_key, private_key_sealed FROM log_key WHERE id = 1",
                row -> new Stored(row.getString(1), row.getBytes(2), row.getBytes(3)));
    }

    private static Stored create(Database database, SecretBox secrets, Clock clock) {
        SecureRandom random = new SecureRandom();
        byte[] suffix = new byte[8];
        random.nextBytes(suffix);
        String name = NAME_PREFIX + HexFormat.of().formatHex(suffix);
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(random);
        Stored made = new Stored(name, key.generatePublicKey().getEncoded(),
                secrets.seal(key.getEncoded(), associatedData(name)));
        try {
            database.transaction(c -> Sql.update(c, "INSERT INTO log_key (id, name, public_key, private_key_sealed, "
                    + "created_at) VALUES (1, ?, ?, ?, ?)", made.name(), made.publicKey(), made.sealedPrivateKey(),
                    clock.instant()));
            return made;
        } catch (RuntimeException e) {
            // Another replica made it first: use that one.
            return database.read(LogKey::stored).orElseThrow(() -> e);
        }
    }

    private static LogKey open(Stored stored, SecretBox secrets) {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(
                secrets.open(stored.sealedPrivateKey(), associatedData(stored.name())), 0);
        if (!Arrays.equals(key.generatePublicKey().getEncoded(), stored.publicKey())) {
            throw new IllegalStateException("The signing log's key was altered in the database: its public key is "
                    + "not the one of its sealed private key");
        }
        return new LogKey(new NoteVerifierKey(stored.name(), stored.publicKey()), key);
    }

    private static String associatedData(String name) {
        return "log-key:" + name;
    }
}
