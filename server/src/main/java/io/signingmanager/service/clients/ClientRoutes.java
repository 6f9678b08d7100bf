package io.signingmanager.service.clients;

import io.signingmanager.service.failure.Input;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;

/** Registered clients: every user lists them and toggles them; admins remove them. */
public final class ClientRoutes {
    private final ClientService clients;

    public ClientRoutes(ClientService clients) {
        this.clients = clients;
    }

    record UpdateClient(Boolean active) {
    }

    public void register(Router router) {
        router.get("/api/v1/admin/clients", Access.USER, request -> ApiResponse.ok(clients.list()));
        router.get("/api/v1/admin/api-keys/{id}/clients", Access.USER,
                request -> ApiResponse.ok(clients.listByKey(request.pathParameter("id"))));
        router.get("/api/v1/admin/clients/{id}", Access.USER,
                request -> ApiResponse.ok(clients.get(request.pathParameter("id"))));
        router.patch("/api/v1/admin/clients/{id}", Access.USER, this::update);
        router.delete("/api/v1/admin/clients/{id}", Access.ADMIN, request -> {
            clients.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.noContent();
        });
    }

    private ApiResponse update(ApiRequest request) throws Refusal {
        Boolean active = Input.require("active", request.json(UpdateClient.class).active());
        return ApiResponse.ok(clients.setActive(request.pathParameter("id"), active, request.actor()));
    }
}
