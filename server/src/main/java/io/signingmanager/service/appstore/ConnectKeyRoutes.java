package io.signingmanager.service.appstore;

import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;

/** {@code /api/v1/admin/apple/connect-keys}: App Store Connect API keys, admins only. */
public final class ConnectKeyRoutes {
    private static final String KEYS = "/api/v1/admin/apple/connect-keys";

    private final ConnectKeyService keys;

    public ConnectKeyRoutes(ConnectKeyService keys) {
        this.keys = keys;
    }

    public void register(Router router) {
        router.get(KEYS, Access.ADMIN, request -> ApiResponse.ok(keys.list()));
        router.post(KEYS, Access.ADMIN,
                request -> ApiResponse.created(keys.add(request.json(ConnectKeyInput.class), request.actor())));
        router.get(KEYS + "/{id}", Access.ADMIN, request -> ApiResponse.ok(keys.get(request.pathParameter("id"))));
        router.delete(KEYS + "/{id}", Access.ADMIN, request -> {
            keys.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.noContent();
        });
        router.post(KEYS + "/{id}/test", Access.ADMIN, request -> ApiResponse.ok(keys.test(request.pathParameter("id"))));
        router.get(KEYS + "/{id}/bundle-ids", Access.ADMIN,
                request -> ApiResponse.ok(keys.macBundleIds(request.pathParameter("id"))));
    }
}
