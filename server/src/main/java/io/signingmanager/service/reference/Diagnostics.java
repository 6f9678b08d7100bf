package io.signingmanager.service.reference;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.common.protocol.VersionInfo;
import io.signingmanager.service.backup.BackupService;
import io.signingmanager.service.backup.BackupState;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import io.signingmanager.service.storage.StorageException;
import io.signingmanager.service.storage.StorageHealth;
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
    private final BackupService backups;
    private final Clock clock;

    /**
     * The database as one round trip and the last write found it: {@code state} is {@code ok} or
     * {@code unavailable}, with the {@code problem} and since when; no client count when it cannot be read.
     */
    @JsonPropertyOrder({"state", "problem", "since", "registeredClients", "roundTripMillis"})
    public record DatabaseState(String state, String problem, Instant since, Integer registeredClients,
                                double roundTripMillis) {
    }

    /**
     * The backups as monitoring needs them: whether the service takes them ({@code false} on PostgreSQL,
     * backed up with pg_dump), the last one written whole, whether a schedule is set, when it runs next, and
     * its last failure if it came after the last good backup. Where they go is for admins only.
     */
    @JsonPropertyOrder({"takenByService", "lastGoodAt", "scheduled", "nextScheduledAt", "lastFailureAt"})
    public record BackupReport(boolean takenByService, Instant lastGoodAt, boolean scheduled, Instant nextScheduledAt,
                               Instant lastFailureAt) {
    }

    /** Everything at once, as {@code GET /api/v1/diagnostics} answers it. */
    @JsonPropertyOrder({"name", "version", "apiVersion", "serviceUrl", "serverTime", "tlsCertificateSha256",
        "yourAddress", "database", "backup", "javaVersion", "clientCalls"})
    public record Report(String name, String version, int apiVersion, String serviceUrl, Instant serverTime,
                         String tlsCertificateSha256, String yourAddress, DatabaseState database, BackupReport backup,
                         String javaVersion, Map<String, String> clientCalls) {
    }

    /** What {@code GET /api/v1/health} answers while the service can do its work. */
    public record Health(String status) {
    }

    public Diagnostics(VersionInfo version, String tlsSha256, Database database, BackupService backups, Clock clock) {
        this.version = version;
        this.tlsSha256 = tlsSha256;
        this.database = database;
        this.backups = backups;
        this.clock = clock;
    }

    /** The report for a caller who reached the service at {@code serviceUrl} from {@code yourAddress}. */
    public Report report(String serviceUrl, String yourAddress) {
        return new Report(version.name(), version.version(), version.apiVersion(), serviceUrl, clock.instant(),
                tlsSha256, yourAddress, databaseState(), backupReport(), System.getProperty("java.version"), CLIENT_CALLS);
    }

    private BackupReport backupReport() {
        BackupState state;
        try {
            state = backups.state();
        } catch (StorageException e) {
            // The database's own line says why; the report still answers.
            return new BackupReport(backups.embedded(), null, false, null, null);
        }
        return new BackupReport(state.embedded(), state.lastGood() == null ? null : state.lastGood().at(),
                state.schedule() != null, state.nextAt(), state.lastFailure() == null ? null : state.lastFailure().at());
    }

    /**
     * Whether the service can do its work, for a load balancer or an orchestrator (no sign-in): a
     * refusal with the reason while its database cannot be written, since every client call is audited.
     */
    public Health health() throws Refusal {
        StorageHealth.State state = database.health();
        if (!state.writable()) {
            throw new Refusal(ErrorCode.STORAGE_UNAVAILABLE, "The service cannot write its database since "
                    + state.since() + ": " + state.problem());
        }
        return new Health("ok");
    }

    private DatabaseState databaseState() {
        long started = System.nanoTime();
        Integer clients;
        String readProblem = null;
        try {
            clients = database.read(c -> Sql.one(c, "SELECT COUNT(*) FROM clients", row -> row.getInt(1)).orElse(0));
        } catch (StorageException e) {
            clients = null;
            readProblem = e.getMessage();
        }
        double millis = (System.nanoTime() - started) / 1_000_000.0;
        StorageHealth.State health = database.health();
        if (health.writable() && readProblem == null) {
            return new DatabaseState("ok", null, null, clients, millis);
        }
        return new DatabaseState("unavailable", health.writable() ? readProblem : health.problem(), health.since(),
                clients, millis);
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
