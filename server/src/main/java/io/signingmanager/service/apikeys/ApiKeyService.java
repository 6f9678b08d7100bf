package io.signingmanager.service.apikeys;

import io.signingmanager.service.http.ApiException;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.secrets.Tokens;
import io.signingmanager.service.storage.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creating API keys (256 random bits), showing their value again, activating and deleting them. */
public final class ApiKeyService {
    static final String PREFIX = "smk_";
    /** The longest name a key may have, in characters. */
    public static final int MAX_NAME = 200;

    private final Database database;
    private final ApiKeyRepository keys;
    private final SecretBox secrets;
    private final Clock clock;

    public ApiKeyService(Database database, ApiKeyRepository keys, SecretBox secrets, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** A new key with its value: the answer of creation and of "show value". */
    public record WithValue(String id, String name, String key) {
    }

    public WithValue create(String name) {
        String id = UUID.randomUUID().toString();
        String value = Tokens.generate(PREFIX);
        byte[] sealed = secrets.seal(value.getBytes(StandardCharsets.UTF_8), associatedData(id));
        database.transaction(c -> {
            keys.insert(c, id, name, Tokens.hash(value), sealed, clock.instant());
            return null;
        });
        return new WithValue(id, name, value);
    }

    public List<ApiKey> list() {
        return database.read(keys::list);
    }

    public ApiKey get(String id) throws ApiException {
        return database.read(c -> keys.find(c, id)).orElseThrow(() -> unknown(id));
    }

    public WithValue value(String id) throws ApiException {
        ApiKey key = get(id);
        byte[] sealed = database.read(c -> keys.sealedValue(c, id)).orElseThrow(() -> unknown(id));
        return new WithValue(id, key.name(), new String(secrets.open(sealed, associatedData(id)), StandardCharsets.UTF_8));
    }

    public ApiKey update(String id, Boolean active, String name) throws ApiException {
        boolean found = database.transaction(c -> (active == null || keys.setActive(c, id, active))
                && (name == null || keys.rename(c, id, name)));
        if (!found) {
            throw unknown(id);
        }
        return get(id);
    }

    public void delete(String id) throws ApiException {
        if (!database.transaction(c -> keys.delete(c, id))) {
            throw unknown(id);
        }
    }

    /** The key behind a presented value, if any. */
    public Optional<ApiKeyRepository.Match> authenticate(String value) {
        return database.read(c -> keys.findByHash(c, Tokens.hash(value)));
    }

    private static String associatedData(String id) {
        return "api_keys/" + id;
    }

    static ApiException unknown(String id) {
        return ApiException.notFound("No API key with id " + id);
    }
}
