package io.signingmanager.service.certificates;

import io.signingmanager.service.failure.Input;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import java.util.List;

/**
 * {@code /api/v1/admin/certificates}. Every user views certificates and toggles them; only admins
 * import, edit, delete, authorize or test-sign.
 */
public final class CertificateRoutes {
    /** A .p12 is a few KiB; a long chain stays well under this. */
    public static final int MAX_UPLOAD = 1024 * 1024;

    private final CertificateService certificates;

    public CertificateRoutes(CertificateService certificates) {
        this.certificates = certificates;
    }

    record UpdateCertificate(Boolean active) {
    }

    record TestSign(String algorithm) {
    }

    public void register(Router router) {
        router.get("/api/v1/admin/certificates", Access.USER, request -> ApiResponse.ok(certificates.list()));
        router.add("POST", "/api/v1/admin/certificates", Access.ADMIN, MAX_UPLOAD, this::importP12);
        router.get("/api/v1/admin/certificates/{id}", Access.USER,
                request -> ApiResponse.ok(certificates.detail(request.pathParameter("id"), true)));
        router.add("PUT", "/api/v1/admin/certificates/{id}", Access.ADMIN, MAX_UPLOAD, this::replace);
        router.patch("/api/v1/admin/certificates/{id}", Access.USER, this::update);
        router.delete("/api/v1/admin/certificates/{id}", Access.ADMIN, request -> {
            certificates.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.noContent();
        });
        router.get("/api/v1/admin/certificates/{id}/authorized-keys", Access.USER,
                request -> ApiResponse.ok(certificates.authorization(request.pathParameter("id"))));
        router.put("/api/v1/admin/certificates/{id}/authorized-keys", Access.ADMIN, this::authorize);
        router.post("/api/v1/admin/certificates/{id}/test-signature", Access.ADMIN, this::testSign);
    }

    private ApiResponse importP12(ApiRequest request) throws Refusal {
        Form form = request.form();
        return ApiResponse.created(certificates.importP12(form.file("file"), password(form), request.actor()));
    }

    private ApiResponse replace(ApiRequest request) throws Refusal {
        Form form = request.form();
        return ApiResponse.ok(certificates.replace(request.pathParameter("id"), form.file("file"), password(form),
                request.actor()));
    }

    private ApiResponse update(ApiRequest request) throws Refusal {
        Boolean active = Input.require("active", request.json(UpdateCertificate.class).active());
        return ApiResponse.ok(certificates.setActive(request.pathParameter("id"), active, request.actor()));
    }

    private ApiResponse authorize(ApiRequest request) throws Refusal {
        Authorization body = authorization(request);
        return ApiResponse.ok(certificates.authorize(request.pathParameter("id"), body.all(), body.apiKeyIds(),
                request.actor()));
    }

    /** An {@code authorized-keys} body (certificates and workflows alike): {@code all} given, the ids without blanks. */
    public static Authorization authorization(ApiRequest request) throws Refusal {
        Authorization body = request.json(Authorization.class);
        boolean all = Input.require("all", body.all());
        List<String> ids = body.apiKeyIds() == null ? List.of() : body.apiKeyIds();
        if (ids.stream().anyMatch(id -> id == null || id.isBlank())) {
            throw Refusal.badRequest("Field 'apiKeyIds' must list API key ids, without nulls or blanks");
        }
        return new Authorization(all, ids);
    }

    private ApiResponse testSign(ApiRequest request) throws Refusal {
        String algorithm = request.body().length == 0 ? null : request.json(TestSign.class).algorithm();
        return ApiResponse.ok(certificates.testSign(request.pathParameter("id"), algorithm,
                request.session().username(), request.remoteAddress()));
    }

    /** The .p12 password of an upload form (a workflow slot upload asks for it the same way). */
    public static String password(Form form) throws Refusal {
        String password = form.text("password");
        if (password == null) {
            throw Refusal.badRequest("The form needs the P12 password in field 'password'");
        }
        return password;
    }
}
