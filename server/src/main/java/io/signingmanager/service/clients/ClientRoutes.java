package io.signingmanager.service.clients;

import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiException;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.storage.Database;

/** Registered clients: every user lists them and toggles them; admins remove them. */
public final class ClientRoutes {
    private final Database database;
    private final ClientRepository clients;
    private final ApiKeyService apiKeys;

    public ClientRoutes(Database database, ClientRepository clients, ApiKeyService apiKeys) {
        this.database = database;
        this.clients = clients;
        this.apiKeys = apiKeys;
    }

    record UpdateClient(Boolean active) {
    }

    public void register(Router router) {
        router.get("/api/v1/admin/clients", Access.USER, request -> ApiResponse.ok(database.read(clients::list)));
        router.get("/api/v1/admin/api-keys/{id}/clients", Access.USER, this::listByKey);
        router.get("/api/v1/admin/clients/{id}", Access.USER, request -> ApiResponse.ok(
                database.read(c -> clients.find(c, request.pathParameter("id"))).orElseThrow(() -> unknown(request))));
        router.patch("/api/v1/admin/clients/{id}", Access.USER, this::update);
        router.delete("/api/v1/admin/clients/{id}", Access.ADMIN, request -> {
            if (!database.transaction(c -> clients.delete(c, request.pathParameter("id")))) {
                throw unknown(request);
            }
            return ApiResponse.noContent();
        });
    }

    private ApiResponse listByKey(ApiRequest request) throws ApiException {
        String keyId = request.pathParameter("id");
        apiKeys.get(keyId);
        return ApiResponse.ok(database.read(c -> clients.listByKey(c, keyId)));
    }

    private ApiResponse update(ApiRequest request) throws ApiException {
        Boolean active = ApiRequest.require("active", request.json(UpdateClient.class).active());
        String id = request.pathParameter("id");
        if (!database.transaction(c -> clients.setActive(c, id, active))) {
            throw unknown(request);
        }
        return ApiResponse.ok(database.read(c -> clients.find(c, id)).orElseThrow(() -> unknown(request)));
    }

    private static ApiException unknown(ApiRequest request) {
        return ApiException.notFound("No client with id " + request.pathParameter("id"));
    }
}
