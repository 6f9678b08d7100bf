package io.signingmanager.service.apple;

import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;

/** {@code /api/v1/admin/apple/profiles}: every user views profiles and downloads them; admins change them. */
public final class ProfileRoutes {
    /** A whole profile and the multipart envelope around it; a larger file is refused by the body limit (413). */
    public static final int MAX_UPLOAD = ProfileReader.MAX_SIZE + 16 * 1024;

    private static final String PROFILES = "/api/v1/admin/apple/profiles";

    private final ProfileService profiles;

    public ProfileRoutes(ProfileService profiles) {
        this.profiles = profiles;
    }

    public void register(Router router) {
        router.get(PROFILES, Access.USER, request -> ApiResponse.ok(profiles.list()));
        router.add("POST", PROFILES, Access.ADMIN, MAX_UPLOAD,
                request -> ApiResponse.created(profiles.upload(request.form().file("file"), request.actor())));
        router.get(PROFILES + "/{id}", Access.USER, request -> ApiResponse.ok(profiles.detail(request.pathParameter("id"))));
        router.get(PROFILES + "/{id}/file", Access.USER, this::file);
        router.add("PUT", PROFILES + "/{id}", Access.ADMIN, MAX_UPLOAD, request -> ApiResponse.ok(
                profiles.replace(request.pathParameter("id"), request.form().file("file"), request.actor())));
        router.delete(PROFILES + "/{id}", Access.ADMIN, request -> {
            profiles.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.noContent();
        });
    }

    private ApiResponse file(ApiRequest request) throws Refusal {
        String id = request.pathParameter("id");
        String fileName = profiles.detail(id).profile().fileName();
        return ApiResponse.bytes(200, "application/octet-stream", profiles.file(id)).attachment(fileName);
    }
}
