package io.signingmanager.service.users;

import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.util.Map;

/** {@code /api/v1/admin/users}: admins only. */
public final class UserRoutes {
    private final UserService users;

    public UserRoutes(UserService users) {
        this.users = users;
    }

    record CreateUser(String username, String password, Boolean admin) {
    }

    record UpdateUser(String username, Boolean admin, Boolean active) {
    }

    record ResetPassword(String password) {
    }

    public void register(Router router) {
        router.get("/api/v1/admin/users", Access.ADMIN, request -> ApiResponse.ok(users.list()));
        router.post("/api/v1/admin/users", Access.ADMIN, this::create);
        router.get("/api/v1/admin/users/{id}", Access.ADMIN, request -> ApiResponse.ok(users.get(request.pathParameter("id"))));
        router.patch("/api/v1/admin/users/{id}", Access.ADMIN, this::update);
        router.delete("/api/v1/admin/users/{id}", Access.ADMIN, this::delete);
        router.post("/api/v1/admin/users/{id}/password", Access.ADMIN, this::resetPassword);
    }

    private ApiResponse create(ApiRequest request) throws Refusal {
        CreateUser body = request.json(CreateUser.class);
        return ApiResponse.created(users.create(body.username(), body.password(), Boolean.TRUE.equals(body.admin()),
                request.actor()));
    }

    private ApiResponse update(ApiRequest request) throws Refusal {
        UpdateUser body = request.json(UpdateUser.class);
        return ApiResponse.ok(users.update(request.actor(), request.pathParameter("id"), body.username(),
                body.admin(), body.active()));
    }

    private ApiResponse delete(ApiRequest request) throws Refusal {
        users.delete(request.actor(), request.pathParameter("id"));
        return ApiResponse.noContent();
    }

    private ApiResponse resetPassword(ApiRequest request) throws Refusal {
        String id = request.pathParameter("id");
        users.resetPassword(id, request.json(ResetPassword.class).password(), request.actor());
        return ApiResponse.ok(Map.of("mustChangePassword", true));
    }
}
