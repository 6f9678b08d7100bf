package io.signingmanager.service.http;

import static io.signingmanager.service.http.RouteCalls.P12_PASSWORD;
import static io.signingmanager.service.http.RouteCalls.SEQUENCE;
import static io.signingmanager.service.http.RouteCalls.json;
import static io.signingmanager.service.http.RouteCalls.path;
import static io.signingmanager.service.http.RouteCalls.raw;
import static io.signingmanager.service.http.RouteCalls.upload;
import static io.signingmanager.service.testing.TestService.expect;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.service.http.RouteCalls.Call;
import io.signingmanager.service.http.RouteCalls.Caller;
import io.signingmanager.service.testing.TempFolders;
import io.signingmanager.service.testing.TestPki;
import io.signingmanager.service.testing.TestService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The walk's requests for the core routes: signing in, users, certificates, API keys, clients, the
 * client protocol, audit, license and the API reference, with the objects they act on.
 */
final class CoreRouteCalls implements RouteCalls.Area, AutoCloseable {
    private final TestService service;
    private final String admin;
    private final String targetUserId;
    private final String apiKeyId;
    private final String apiKeyValue;
    private final String clientId;
    private final String clientToken;
    private final String certificateId;
    private final String certificateSha1;
    private final byte[] certificateP12;
    private final Path backupFolder;

    CoreRouteCalls(TestService service) {
        this.service = service;
        admin = service.adminToken();
        targetUserId = createUser("target", false);
        JsonNode key = service.createApiKey("matrix");
        apiKeyId = key.get("id").asText();
        apiKeyValue = key.get("key").asText();
        JsonNode client = service.registerClient(apiKeyValue, "matrix-host");
        clientId = client.get("clientId").asText();
        clientToken = client.get("clientToken").asText();
        TestPki.TestIdentity identity = TestPki.rsa(2048, "Matrix RSA");
        certificateP12 = identity.p12(P12_PASSWORD);
        certificateSha1 = identity.sha1();
        certificateId = service.importP12(certificateP12, P12_PASSWORD).get("id").asText();
        createUser("probe", false);
        try {
            backupFolder = Files.createTempDirectory("matrix-backups");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the folder scheduled backups went to. */
    @Override
    public void close() {
        TempFolders.delete(backupFolder);
    }

    /** The registered client's token, for the client protocol's routes of every area. */
    String clientToken() {
        return clientToken;
    }

    @Override
    public Call plausible(String key, Caller caller) {
        String token = caller.token();
        return switch (key) {
            case "POST /api/v1/auth/login" -> json("POST", "/api/v1/auth/login", null,
                    Map.of("username", "probe", "password", "initial password 1"));
            case "POST /api/v1/auth/logout", "GET /api/v1/auth/me", "GET /api/v1/auth/agreement",
                 "POST /api/v1/auth/agreement" -> raw(key, token);
            case "POST /api/v1/auth/password" -> json("POST", "/api/v1/auth/password", token,
                    Map.of("currentPassword", String.valueOf(caller.password()), "newPassword", caller.password() + " changed"));
            case "GET /api/v1/admin/users" -> raw(key, token);
            case "POST /api/v1/admin/users" -> json("POST", "/api/v1/admin/users", token,
                    Map.of("username", "walk-" + SEQUENCE.incrementAndGet(), "password", "initial password 1", "admin", false));
            case "GET /api/v1/admin/users/{id}" -> raw(key, token, targetUserId);
            case "PATCH /api/v1/admin/users/{id}" -> json("PATCH", path(key, targetUserId), token, Map.of("active", true));
            case "DELETE /api/v1/admin/users/{id}" -> raw(key, token, createUser("throwaway-" + SEQUENCE.incrementAndGet(), false));
            case "POST /api/v1/admin/users/{id}/password" -> json("POST", path(key, targetUserId), token,
                    Map.of("password", "reset password 1"));
            case "GET /api/v1/admin/certificates", "GET /api/v1/admin/api-keys", "GET /api/v1/admin/clients",
                 "GET /api/v1/admin/audit", "GET /api/v1/admin/audit/verify", "GET /api/v1/admin/audit/retention",
                 "GET /api/v1/admin/license", "DELETE /api/v1/admin/license", "GET /api/v1/version",
                 "GET /api/v1/health", "GET /api/openapi.json", "GET /api/v1/diagnostics", "GET /api/v1/admin/backup",
                 "DELETE /api/v1/admin/backup/schedule" -> raw(key, token);
            case "POST /api/v1/admin/backup" -> json("POST", "/api/v1/admin/backup", token,
                    Map.of("passphrase", "a backup passphrase"));
            case "PUT /api/v1/admin/backup/schedule" -> json("PUT", "/api/v1/admin/backup/schedule", token,
                    Map.of("folder", backupFolder.toString(), "intervalHours", 24, "keep", 2, "passphrase", "a backup passphrase"));
            case "POST /api/v1/admin/certificates" -> upload("POST", "/api/v1/admin/certificates", token,
                    TestPki.ec("secp256r1", "Walk " + SEQUENCE.incrementAndGet()).p12(P12_PASSWORD));
            case "GET /api/v1/admin/certificates/{id}", "GET /api/v1/admin/certificates/{id}/authorized-keys" ->
                    raw(key, token, certificateId);
            case "PUT /api/v1/admin/certificates/{id}" -> upload("PUT", path(key, certificateId), token, certificateP12);
            case "PATCH /api/v1/admin/certificates/{id}" -> json("PATCH", path(key, certificateId), token, Map.of("active", true));
            case "DELETE /api/v1/admin/certificates/{id}" -> raw(key, token, throwawayCertificate());
            case "PUT /api/v1/admin/certificates/{id}/authorized-keys" -> json("PUT", path(key, certificateId), token,
                    Map.of("all", true));
            case "POST /api/v1/admin/certificates/{id}/test-signature" -> json("POST", path(key, certificateId), token,
                    Map.of("algorithm", "RSA_PKCS1_SHA256"));
            case "POST /api/v1/admin/api-keys" -> json("POST", "/api/v1/admin/api-keys", token,
                    Map.of("name", "walk " + SEQUENCE.incrementAndGet()));
            case "GET /api/v1/admin/api-keys/{id}", "GET /api/v1/admin/api-keys/{id}/value",
                 "GET /api/v1/admin/api-keys/{id}/clients" -> raw(key, token, apiKeyId);
            case "PATCH /api/v1/admin/api-keys/{id}" -> json("PATCH", path(key, apiKeyId), token, Map.of("active", true));
            case "DELETE /api/v1/admin/api-keys/{id}" -> raw(key, token,
                    service.createApiKey("throwaway " + SEQUENCE.incrementAndGet()).get("id").asText());
            case "GET /api/v1/admin/clients/{id}" -> raw(key, token, clientId);
            case "PATCH /api/v1/admin/clients/{id}" -> json("PATCH", path(key, clientId), token, Map.of("active", true));
            case "DELETE /api/v1/admin/clients/{id}" -> raw(key, token,
                    service.registerClient(apiKeyValue, "throwaway-" + SEQUENCE.incrementAndGet()).get("clientId").asText());
            case "POST /api/v1/client/register" -> json("POST", "/api/v1/client/register", apiKeyValue,
                    Map.of("hostname", "walk-host", "platform", "Linux", "appVersion", "1.0.0"));
            case "GET /api/v1/client/identities", "GET /api/v1/client/whoami" -> raw(key, clientToken);
            case "POST /api/v1/client/sign" -> json("POST", "/api/v1/client/sign", clientToken, Map.of("sha1", certificateSha1,
                    "algorithm", "RSA_PKCS1_SHA256", "data", Base64.getEncoder().encodeToString(new byte[32])));
            case "POST /api/v1/client/sign-batch" -> json("POST", "/api/v1/client/sign-batch", clientToken, Map.of("items",
                    List.of(Map.of("sha1", certificateSha1, "algorithm", "RSA_PKCS1_SHA256",
                            "data", Base64.getEncoder().encodeToString(new byte[32])))));
            case "GET /api/v1/log/key", "GET /api/v1/log/checkpoint" -> raw(key, token);
            case "GET /api/v1/log/proof/inclusion" -> new Call("GET", "/api/v1/log/proof/inclusion?index=0&size=1", token,
                    null, null);
            case "GET /api/v1/log/proof/consistency" -> new Call("GET", "/api/v1/log/proof/consistency?from=1&to=2",
                    token, null, null);
            case "GET /api/v1/log/entries" -> new Call("GET", "/api/v1/log/entries?start=0&end=2", token, null, null);
            case "GET /api/v1/log/search" -> new Call("GET", "/api/v1/log/search?fileSha256=" + "ab".repeat(32), token,
                    null, null);
            case "PUT /api/v1/admin/license" -> new Call("PUT", "/api/v1/admin/license", token,
                    "not a license".getBytes(StandardCharsets.UTF_8), "text/plain");
            default -> null;
        };
    }

    String createUser(String username, boolean isAdmin) {
        return expect(service.http.post("/api/v1/admin/users", admin,
                Map.of("username", username, "password", "initial password 1", "admin", isAdmin)), 201).json().get("id").asText();
    }

    private String throwawayCertificate() {
        return service.importP12(TestPki.ec("secp256r1", "Throwaway " + SEQUENCE.incrementAndGet()).p12(P12_PASSWORD),
                P12_PASSWORD).get("id").asText();
    }
}
