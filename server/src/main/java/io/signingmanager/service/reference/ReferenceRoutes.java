package io.signingmanager.service.reference;

import io.signingmanager.common.protocol.VersionInfo;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API Reference: version info, the OpenAPI document, and what a client's connectivity check needs. */
public final class ReferenceRoutes {
    private final VersionInfo version;
    private final String tlsSha256;
    private final Database database;
    private final Clock clock;
    private final byte[] openApi;

    public ReferenceRoutes(VersionInfo version, String tlsSha256, Database database, Clock clock) {
        this.version = version;
        this.tlsSha256 = tlsSha256;
        this.database = database;
        this.clock = clock;
        this.openApi = resource("openapi.json");
    }

    public void register(Router router) {
        router.get("/api/v1/version", Access.PUBLIC, request -> ApiResponse.ok(version));
        router.get("/api/openapi.json", Access.PUBLIC, request -> ApiResponse.bytes(200, "application/json", openApi));
        router.get("/api/v1/diagnostics", Access.USER, this::diagnostics);
    }

    private ApiResponse diagnostics(ApiRequest request) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", version.name());
        answer.put("version", version.version());
        answer.put("apiVersion", version.apiVersion());
        answer.put("serviceUrl", request.baseUrl());
        answer.put("serverTime", clock.instant());
        answer.put("tlsCertificateSha256", tlsSha256);
        answer.put("yourAddress", request.remoteAddress());
        answer.put("database", databaseState());
        answer.put("javaVersion", System.getProperty("java.version"));
        answer.put("clientCalls", Map.of(
                "register", "POST /api/v1/client/register with 'Authorization: Bearer <API key>'",
                "identities", "GET /api/v1/client/identities with 'Authorization: Bearer <client token>'",
                "sign", "POST /api/v1/client/sign with 'Authorization: Bearer <client token>'",
                "whoami", "GET /api/v1/client/whoami with 'Authorization: Bearer <client token>'"));
        return ApiResponse.ok(answer);
    }

    private Map<String, Object> databaseState() {
        long started = System.nanoTime();
        int clients = database.read(c -> Sql.one(c, "SELECT COUNT(*) FROM clients", row -> row.getInt(1)).orElse(0));
        return Map.of("state", "ok", "registeredClients", clients,
                "roundTripMillis", (System.nanoTime() - started) / 1_000_000.0);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ReferenceRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
