package io.signingmanager.service.apikeys;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Input;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;

/**
 * {@code /api/v1/admin/api-keys}. Every user views keys and toggles them; only admins create,
 * rename, delete or see a key's value.
 */
public final class ApiKeyRoutes {
    private final ApiKeyService keys;

    public ApiKeyRoutes(ApiKeyService keys) {
        this.keys = keys;
    }

    record CreateKey(String name) {
    }

    record UpdateKey(Boolean active, String name) {
    }

    public void register(Router router) {
        router.get("/api/v1/admin/api-keys", Access.USER, request -> ApiResponse.ok(keys.list()));
        router.post("/api/v1/admin/api-keys", Access.ADMIN, this::create);
        router.get("/api/v1/admin/api-keys/{id}", Access.USER, request -> ApiResponse.ok(keys.get(request.pathParameter("id"))));
        router.get("/api/v1/admin/api-keys/{id}/value", Access.ADMIN,
                request -> ApiResponse.ok(keys.value(request.pathParameter("id"), request.actor())));
        router.patch("/api/v1/admin/api-keys/{id}", Access.USER, this::update);
        router.delete("/api/v1/admin/api-keys/{id}", Access.ADMIN, request -> {
            keys.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.noContent();
        });
    }

    private ApiResponse create(ApiRequest request) throws Refusal {
        String name = Input.requireText("name", request.json(CreateKey.class).name(), ApiKeyService.MAX_NAME);
        return ApiResponse.created(keys.create(name, request.actor()));
    }

    private ApiResponse update(ApiRequest request) throws Refusal {
        UpdateKey body = request.json(UpdateKey.class);
        if (body.name() != null && !request.session().admin()) {
            throw new Refusal(ErrorCode.FORBIDDEN, "Only application admins may rename API keys");
        }
        if (body.active() == null && body.name() == null) {
            throw Refusal.badRequest("Send 'active' or 'name'");
        }
        String name = body.name() == null ? null : Input.requireText("name", body.name(), ApiKeyService.MAX_NAME);
        return ApiResponse.ok(keys.update(request.pathParameter("id"), body.active(), name, request.actor()));
    }
}
