package io.signingmanager.service.apple;

import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.service.certificates.Authorization;
import io.signingmanager.service.certificates.CertificateRoutes;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;

/**
 * {@code /api/v1/admin/apple/workflows}: every user views workflows; only admins change them, fill
 * their slots or say who may fetch them.
 */
public final class WorkflowRoutes {
    private static final String WORKFLOWS = "/api/v1/admin/apple/workflows";
    private static final String WORKFLOW = WORKFLOWS + "/{id}";
    private static final String EXTENSION = WORKFLOW + "/extensions/{bundleId}";
    // A profile is at most ProfileReader.MAX_SIZE; the form around it adds a little.
    private static final int MAX_PROFILE_UPLOAD = ProfileReader.MAX_SIZE + 16 * 1024;

    private final WorkflowService workflows;
    private final WorkflowSlots slots;

    public WorkflowRoutes(WorkflowService workflows, WorkflowSlots slots) {
        this.workflows = workflows;
        this.slots = slots;
    }

    record CertificateChoice(String certificateId) {
    }

    record ProfileChoice(String profileId) {
    }

    record NewExtension(String bundleId) {
    }

    public void register(Router router) {
        router.get(WORKFLOWS, Access.USER, request -> ApiResponse.ok(workflows.list()));
        router.post(WORKFLOWS, Access.ADMIN, request -> ApiResponse.created(
                workflows.create(request.json(WorkflowFields.class), request.actor())));
        router.get(WORKFLOW, Access.USER, request -> ApiResponse.ok(workflows.detail(id(request))));
        router.patch(WORKFLOW, Access.ADMIN, request -> ApiResponse.ok(
                workflows.update(id(request), request.json(WorkflowFields.class), request.actor())));
        router.delete(WORKFLOW, Access.ADMIN, request -> {
            workflows.delete(id(request), request.actor());
            return ApiResponse.noContent();
        });
        for (IdentityRole role : IdentityRole.values()) {
            String path = WORKFLOW + "/" + Slot.certificate(role).wire();
            router.put(path, Access.ADMIN, request -> ApiResponse.ok(slots.setCertificate(id(request), role,
                    request.json(CertificateChoice.class).certificateId(), request.actor())));
            router.add("POST", path, Access.ADMIN, CertificateRoutes.MAX_UPLOAD, request -> uploadCertificate(request, role));
        }
        router.put(WORKFLOW + "/profile", Access.ADMIN, this::setProfile);
        router.add("POST", WORKFLOW + "/profile", Access.ADMIN, MAX_PROFILE_UPLOAD, this::uploadProfile);
        router.post(WORKFLOW + "/extensions", Access.ADMIN, request -> ApiResponse.created(slots.addExtension(
                id(request), request.json(NewExtension.class).bundleId(), request.actor())));
        router.delete(EXTENSION, Access.ADMIN, request -> ApiResponse.ok(
                slots.removeExtension(id(request), request.pathParameter("bundleId"), request.actor())));
        router.put(EXTENSION + "/profile", Access.ADMIN, this::setProfile);
        router.add("POST", EXTENSION + "/profile", Access.ADMIN, MAX_PROFILE_UPLOAD, this::uploadProfile);
        router.get(WORKFLOW + "/authorized-keys", Access.USER, request -> ApiResponse.ok(workflows.authorization(id(request))));
        router.put(WORKFLOW + "/authorized-keys", Access.ADMIN, this::authorize);
    }

    private ApiResponse uploadCertificate(ApiRequest request, IdentityRole role) throws Refusal {
        Form form = request.form();
        return ApiResponse.ok(slots.uploadCertificate(id(request), role, form.file("file"),
                CertificateRoutes.password(form), request.actor()));
    }

    /** The main profile slot, or an extension's when the path names its bundle ID. */
    private ApiResponse setProfile(ApiRequest request) throws Refusal {
        return ApiResponse.ok(slots.setProfile(id(request), request.pathParameter("bundleId"),
                request.json(ProfileChoice.class).profileId(), request.actor()));
    }

    private ApiResponse uploadProfile(ApiRequest request) throws Refusal {
        return ApiResponse.ok(slots.uploadProfile(id(request), request.pathParameter("bundleId"),
                request.form().file("file"), request.actor()));
    }

    private ApiResponse authorize(ApiRequest request) throws Refusal {
        Authorization body = CertificateRoutes.authorization(request);
        return ApiResponse.ok(workflows.authorize(id(request), body.all(), body.apiKeyIds(), request.actor()));
    }

    private static String id(ApiRequest request) {
        return request.pathParameter("id");
    }
}
