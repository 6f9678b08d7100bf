package io.signingmanager.service.apikeys;

import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.secrets.Tokens;
import io.signingmanager.service.storage.Database;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
    private final AuditLog audit;
    private final Clock clock;

    public ApiKeyService(Database database, ApiKeyRepository keys, SecretBox secrets, AuditLog audit, Clock clock) {
        this.database = database;
        this.keys = keys;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    /** A new key with its value: the answer of creation and of "show value". */
    public record WithValue(String id, String name, String key) {
    }

    public WithValue create(String name, Actor actor) {
        String id = UUID.randomUUID().toString();
        String value = Tokens.generate(PREFIX);
        byte[] sealed = secrets.seal(value.getBytes(StandardCharsets.UTF_8), associatedData(id));
        database.transaction(c -> {
            keys.insert(c, id, name, Tokens.hash(value), sealed, clock.instant());
            audit.recordIn(c, entry(actor, AdminAction.API_KEY_CREATE, id, name)
                    .change(null, Map.of("name", name, "active", "true")));
            return null;
        });
        return new WithValue(id, name, value);
    }

    public List<ApiKey> list() {
        return database.read(keys::list);
    }

    public ApiKey get(String id) throws Refusal {
        return database.read(c -> keys.find(c, id)).orElseThrow(() -> unknown(id));
    }

    /** "Show value": recorded (never the value itself) before the value is unsealed and returned. */
    public WithValue value(String id, Actor actor) throws Refusal {
        ApiKey key = get(id);
        byte[] sealed = database.transaction(c -> {
            byte[] found = keys.sealedValue(c, id).orElseThrow(() -> unknown(id));
            audit.recordIn(c, entry(actor, AdminAction.API_KEY_SHOW_VALUE, id, key.name()));
            return found;
        });
        return new WithValue(id, key.name(), new String(secrets.open(sealed, associatedData(id)), StandardCharsets.UTF_8));
    }

    /** Sets the status, the name or both ({@code null} leaves it); each change is its own audit record. */
    public ApiKey update(String id, Boolean active, String name, Actor actor) throws Refusal {
        database.transaction(c -> {
            ApiKey key = keys.find(c, id).orElseThrow(() -> unknown(id));
            if (active != null) {
                keys.setActive(c, id, active);
                audit.recordIn(c, entry(actor, AdminAction.toggle(AdminAction.API_KEY_ACTIVATE,
                        AdminAction.API_KEY_DEACTIVATE, active), id, key.name())
                        .change(Map.of("active", String.valueOf(key.active())), Map.of("active", String.valueOf(active))));
            }
            if (name != null) {
                keys.rename(c, id, name);
                audit.recordIn(c, entry(actor, AdminAction.API_KEY_RENAME, id, name)
                        .change(Map.of("name", key.name()), Map.of("name", name)));
            }
            return null;
        });
        return get(id);
    }

    public void delete(String id, Actor actor) throws Refusal {
        database.transaction(c -> {
            ApiKey key = keys.find(c, id).orElseThrow(() -> unknown(id));
            keys.delete(c, id);
            audit.recordIn(c, entry(actor, AdminAction.API_KEY_DELETE, id, key.name())
                    .change(Map.of("name", key.name(), "active", String.valueOf(key.active()),
                            "clients", String.valueOf(key.clientCount())), null));
            return null;
        });
    }

    private static AuditEntry entry(Actor actor, AdminAction action, String id, String name) {
        return AuditEntry.admin(actor, action, id, name).apiKey(id, name);
    }

    /** The key behind a presented value, if any. */
    public Optional<ApiKeyRepository.Match> authenticate(String value) {
        return database.read(c -> keys.findByHash(c, Tokens.hash(value)));
    }

    private static String associatedData(String id) {
        return "api_keys/" + id;
    }

    static Refusal unknown(String id) {
        return Refusal.notFound("No API key with id " + id);
    }
}
