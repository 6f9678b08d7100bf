package io.signingmanager.service.appstore;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.failure.Input;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.security.interfaces.ECPrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * App Store Connect API keys: added by admins (the {@code .p8} checked, then sealed under the master
 * key like a signing key and never returned), listed, tested, deleted while no workflow uses them.
 * Each change is audited in its own transaction; the audit names the key, never its {@code .p8}.
 */
public final class ConnectKeyService {
    /** The longest name a key may have, in characters. */
    public static final int MAX_NAME = 200;
    private static final Pattern ISSUER_ID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern KEY_ID = Pattern.compile("[A-Z0-9]{10}");

    private final Database database;
    private final ConnectKeyRepository keys;
    private final SealedConnectKeys sealed;
    private final AppStoreConnect appStoreConnect;
    private final AuditLog audit;
    private final Clock clock;

    /** On the client's store of keys, so that both read the same rows the same way. */
    public ConnectKeyService(AppStoreConnect appStoreConnect, AuditLog audit, Clock clock) {
        this.sealed = appStoreConnect.keys();
        this.database = sealed.database();
        this.keys = sealed.repository();
        this.appStoreConnect = appStoreConnect;
        this.audit = audit;
        this.clock = clock;
    }

    public List<ConnectKey> list() {
        return database.read(keys::list);
    }

    public ConnectKey get(String id) throws Refusal {
        return sealed.get(id);
    }

    /** Checks the fields and the {@code .p8}, then stores the key sealed; a taken name or Key ID is a conflict. */
    public ConnectKey add(ConnectKeyInput input, Actor actor) throws Refusal {
        Input.require("key", input);
        String name = name(input.name());
        String issuerId = matching("issuerId", input.issuerId(), ISSUER_ID,
                "a UUID like 57246542-96fe-1a63-e053-0824d011072a (App Store Connect, Users and Access, Integrations)");
        String keyId = matching("keyId", input.keyId(), KEY_ID,
                "10 upper-case letters and digits, like 2X9R4HXF34 (the name of the AuthKey_<Key ID>.p8 file)");
        ECPrivateKey p8 = P8Key.parse(input.p8());
        ConnectKey key = new ConnectKey(UUID.randomUUID().toString(), name, issuerId, keyId, null, null,
                clock.instant(), null);
        byte[] p8Sealed = sealed.seal(key.id(), p8);
        return database.transaction(c -> {
            requireUnused(c, key);
            try {
                keys.insert(c, key, p8Sealed);
            } catch (SQLException e) {
                if (!Sql.uniqueViolation(e)) {
                    throw e;
                }
                throw taken(key);
            }
            audit.recordIn(c, entry(actor, AdminAction.CONNECT_KEY_ADD, key).change(null, described(key)));
            return keys.find(c, key.id()).orElseThrow();
        });
    }

    /** Deletes the key; refused while a workflow signs up with it. */
    public void delete(String id, Actor actor) throws Refusal {
        database.transaction(c -> {
            ConnectKey key = keys.find(c, id).orElseThrow(() -> unknown(id));
            List<String> users = keys.workflowsUsing(c, id);
            if (!users.isEmpty()) {
                throw new Refusal(ErrorCode.CONFLICT, "The API key '" + key.name() + "' is used by "
                        + (users.size() == 1 ? "the workflow " : "the workflows ") + String.join(", ", quoted(users))
                        + "; switch " + (users.size() == 1 ? "it" : "them") + " to another key or to manual signing first");
            }
            keys.delete(c, id);
            audit.recordIn(c, entry(actor, AdminAction.CONNECT_KEY_DELETE, key).change(described(key), null));
            return null;
        });
        appStoreConnect.forget(id);
    }

    /** "Test connection": lists the team's bundle IDs and certificates and probes certificate creation. */
    public ConnectionTest test(String id) throws Refusal {
        get(id);
        return new ConnectionProbe(appStoreConnect).test(id);
    }

    /** The team's bundle IDs a macOS app can use (platform {@code MAC_OS} or {@code UNIVERSAL}), by identifier. */
    public List<BundleId> macBundleIds(String id) throws Refusal {
        get(id);
        return appStoreConnect.bundleIds(id).stream().filter(ConnectKeyService::usableOnMac)
                .sorted(Comparator.comparing(BundleId::identifier)).toList();
    }

    /** Whether a macOS app can be signed for the bundle ID: its platform is {@code MAC_OS} or {@code UNIVERSAL}. */
    public static boolean usableOnMac(BundleId bundleId) {
        return "MAC_OS".equals(bundleId.platform()) || "UNIVERSAL".equals(bundleId.platform());
    }

    private static String name(String value) throws Refusal {
        String name = Input.requireText("name", value, MAX_NAME);
        if (name.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw Refusal.badRequest("Field 'name' may hold printable characters only");
        }
        return name;
    }

    private static String matching(String field, String value, Pattern pattern, String expected) throws Refusal {
        if (value == null || value.isBlank()) {
            throw P8Key.invalid("Field '" + field + "' is required");
        }
        String trimmed = value.trim();
        if (!pattern.matcher(trimmed).matches()) {
            throw P8Key.invalid("Field '" + field + "' must be " + expected);
        }
        return trimmed;
    }

    private void requireUnused(Connection c, ConnectKey key) throws SQLException, Refusal {
        if (keys.findByName(c, key.name()).isPresent()) {
            throw new Refusal(ErrorCode.CONFLICT, "An API key named '" + key.name()
                    + "' exists already; choose another name");
        }
        var same = keys.findByKeyId(c, key.keyId());
        if (same.isPresent()) {
            throw new Refusal(ErrorCode.CONFLICT, "The key with Key ID " + key.keyId() + " is added already, as '"
                    + same.get().name() + "'");
        }
    }

    /** Adds that pass {@link #requireUnused} at once meet the table's unique columns when they write. */
    private static Refusal taken(ConnectKey key) {
        return new Refusal(ErrorCode.CONFLICT, "An API key named '" + key.name() + "' or with Key ID " + key.keyId()
                + " exists already; each key is added once, under a name of its own");
    }

    private static List<String> quoted(List<String> names) {
        return names.stream().map(n -> "'" + n + "'").toList();
    }

    private static AuditEntry entry(Actor actor, AdminAction action, ConnectKey key) {
        return AuditEntry.admin(actor, action, key.id(), key.name());
    }

    private static Map<String, String> described(ConnectKey key) {
        return Map.of("name", key.name(), "issuerId", key.issuerId(), "keyId", key.keyId());
    }

    private static Refusal unknown(String id) {
        return SealedConnectKeys.unknown(id);
    }
}
