package io.signingmanager.service.reference;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.signingmanager.common.protocol.VersionInfo;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client's connectivity check needs: the version, the service's address and TLS fingerprint
 * as the caller sees them, the server's clock, the database's state and the protocol calls. The
 * JSON API answers it and the API Reference page shows it.
 */
public final class Diagnostics {
    /** How a client makes each protocol call. */
    public static final Map<String, String> CLIENT_CALLS = clientCalls();

    private final VersionInfo version;
    private final String tlsSha256;
    private final Database database;
    private final Clock clock;

    /** The database as one round trip found it. */
    public record DatabaseState(String state, int registeredClients, double roundTripMillis) {
    }

    /** Everything at once, as {@code GET /api/v1/diagnostics} answers it. */
    @JsonPropertyOrder({"name", "version", "apiVersion", "serviceUrl", "serverTime", "tlsCertificateSha256",
        "yourAddress", "database", "javaVersion", "clientCalls"})
    public record Report(String name, String version, int apiVersion, String serviceUrl, Instant serverTime,
                         String tlsCertificateSha256, String yourAddress, DatabaseState database, String javaVersion,
                         Map<String, String> clientCalls) {
    }

    public Diagnostics(VersionInfo version, String tlsSha256, Database database, Clock clock) {
        this.version = version;
        this.tlsSha256 = tlsSha256;
        this.database = database;
        this.clock = clock;
    }

    /** The report for a caller who reached the service at {@code serviceUrl} from {@code yourAddress}. */
    public Report report(String serviceUrl, String yourAddress) {
        return new Report(version.name(), version.version(), version.apiVersion(), serviceUrl, clock.instant(),
                tlsSha256, yourAddress, databaseState(), System.getProperty("java.version"), CLIENT_CALLS);
    }

    private DatabaseState databaseState() {
        long started = System.nanoTime();
        int clients = database.read(c -> Sql.one(c, "SELECT COUNT(*) FROM clients", row -> row.getInt(1)).orElse(0));
        return new DatabaseState("ok", clients, (System.nanoTime() - started) / 1_000_000.0);
    }

    private static Map<String, String> clientCalls() {
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("register", "POST /api/v1/client/register with 'Authorization: Bearer <API key>'");
        calls.put("identities", "GET /api/v1/client/identities with 'Authorization: Bearer <client token>'");
        calls.put("sign", "POST /api/v1/client/sign with 'Authorization: Bearer <client token>'");
        calls.put("whoami", "GET /api/v1/client/whoami with 'Authorization: Bearer <client token>'");
        return Collections.unmodifiableMap(calls);
    }
}
