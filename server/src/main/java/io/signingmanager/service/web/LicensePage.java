package io.signingmanager.service.web;

import io.signingmanager.service.http.Access;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import io.signingmanager.service.license.License;
import io.signingmanager.service.license.LicenseService;

/**
 * The subscription license, for admins: what is in force and the audit retention it grants, upload
 * of a license file (which the {@link LicenseService} checks against the issuer key), removal.
 */
public final class LicensePage {
    private static final String LICENSE = "/license";
    // License files are a few hundred bytes; this leaves room for a mistaken but harmless choice of file.
    private static final int MAX_UPLOAD = 256 * 1024;

    private final Templates templates;
    private final LicenseService licenses;

    LicensePage(Templates templates, LicenseService licenses) {
        this.templates = templates;
        this.licenses = licenses;
    }

    /** The license in force (or {@code null}) with its times as text. */
    public record LicenseView(Frame frame, LicenseService.Status status, License license, String issued, String expires,
                              int defaultRetentionDays, String notice, String error) {
    }

    void register(Router router) {
        router.get(LICENSE, Access.ADMIN, request -> {
            String notice = switch (String.valueOf(request.query("done"))) {
                case "uploaded" -> "License uploaded.";
                case "removed" -> "License removed.";
                default -> null;
            };
            return page(request.session(), 200, notice, null);
        });
        router.add("POST", LICENSE, Access.ADMIN, MAX_UPLOAD, this::upload);
        router.post(LICENSE + "/remove", Access.ADMIN, request -> {
            licenses.remove(request.actor());
            return ApiResponse.redirect(LICENSE + "?done=removed");
        });
    }

    private ApiResponse upload(ApiRequest request) throws Refusal {
        byte[] file;
        try {
            file = request.form().file("file");
        } catch (Refusal e) {
            return page(request.session(), 400, null, "Choose the license file to upload.");
        }
        try {
            licenses.upload(file, request.actor());
        } catch (Refusal e) {
            return page(request.session(), e.code().status(), null, e.getMessage());
        }
        return ApiResponse.redirect(LICENSE + "?done=uploaded");
    }

    private ApiResponse page(Session session, int status, String notice, String error) {
        LicenseService.Status current = licenses.status();
        License license = current.licensed() ? current.license() : null;
        return templates.page(status, "license/license", new LicenseView(
                new Frame("License", Frame.Section.LICENSE, session), current, license,
                license == null ? null : TimeText.time(license.issuedAt()),
                license == null ? null : TimeText.time(license.expiresAt()),
                LicenseService.DEFAULT_RETENTION_DAYS, notice, error));
    }
}
