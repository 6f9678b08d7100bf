package io.signingmanager.service.users;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.auth.SessionStore;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiException;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.util.Map;

/** {@code /api/v1/admin/users}: admins only. */
public final class UserRoutes {
    private final UserService users;
    private final SessionStore sessions;

    public UserRoutes(UserService users, SessionStore sessions) {
        this.users = users;
        this.sessions = sessions;
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

    private ApiResponse create(ApiRequest request) throws ApiException {
        CreateUser body = request.json(CreateUser.class);
        return ApiResponse.created(users.create(body.username(), body.password(), Boolean.TRUE.equals(body.admin())));
    }

    private ApiResponse update(ApiRequest request) throws ApiException {
        UpdateUser body = request.json(UpdateUser.class);
        if (Boolean.FALSE.equals(body.active()) && request.pathParameter("id").equals(request.session().userId())) {
            throw new ApiException(ErrorCode.CONFLICT, "You cannot disable the account you are signed in with");
        }
        return ApiResponse.ok(users.update(request.pathParameter("id"), body.username(), body.admin(), body.active()));
    }

    private ApiResponse delete(ApiRequest request) throws ApiException {
        String id = request.pathParameter("id");
        if (id.equals(request.session().userId())) {
            throw new ApiException(ErrorCode.CONFLICT,
                    "You cannot delete the account you are signed in with");
        }
        users.delete(id);
        return ApiResponse.noContent();
    }

    private ApiResponse resetPassword(ApiRequest request) throws ApiException {
        String id = request.pathParameter("id");
        users.resetPassword(id, request.json(ResetPassword.class).password());
        sessions.deleteOthers(id, null);
        return ApiResponse.ok(Map.of("mustChangePassword", true));
    }
}
