package io.signingmanager.service.license;

import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;

/** {@code /api/v1/admin/license}: admins see, upload and remove the subscription license. */
public final class LicenseRoutes {
    private final LicenseService licenses;

    public LicenseRoutes(LicenseService licenses) {
        this.licenses = licenses;
    }

    public void register(Router router) {
        router.get("/api/v1/admin/license", Access.ADMIN, request -> ApiResponse.ok(licenses.status()));
        router.put("/api/v1/admin/license", Access.ADMIN, request -> ApiResponse.ok(licenses.upload(request.body(), request.actor())));
        router.delete("/api/v1/admin/license", Access.ADMIN, request -> ApiResponse.ok(licenses.remove(request.actor())));
    }
}
