package io.signingmanager.service.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.apple.Workflow;
import io.signingmanager.service.apple.WorkflowFields;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.appstore.automatic.AutomaticSigning;
import io.signingmanager.service.appstore.automatic.CertificateLimit;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The buttons of an automatic workflow's "Automatic signing" card: Set up signing and Check now (the
 * result on the workflow's page), and the way out of Apple's certificate limit: a page listing the
 * certificates at the limit, each revoked only after its name is typed, and Switch to manual signing.
 */
public final class AutomaticPages {
    private static final String AUTOMATIC = WorkflowPages.LIST + "/{id}/automatic";
    // The limit page's list travels with its forms, so that a refused revocation shows it again without
    // asking Apple; it is only shown: the revocation itself is checked against Apple's certificate.
    private static final ObjectMapper JSON = Json.mapper();

    private final Templates templates;
    private final WorkflowService workflows;
    private final AutomaticSigning automatic;
    private final WorkflowSlotPages detail;

    AutomaticPages(Templates templates, WorkflowService workflows, AutomaticSigning automatic, WorkflowSlotPages detail) {
        this.templates = templates;
        this.workflows = workflows;
        this.automatic = automatic;
        this.detail = detail;
    }

    /** A certificate at the limit as the page lists it. */
    public record LimitRow(String portalId, String type, String name, String serial, String expires, boolean keyHeld) {
    }

    /** The limit page: the type at its limit, the certificates, the list to send back, a refused revocation. */
    public record LimitView(Frame frame, Workflow workflow, String typeTitle, List<LimitRow> certificates, String state,
                            String error) {
    }

    void register(Router router) {
        router.post(AUTOMATIC + "/set-up", Access.ADMIN, request -> run(request, true));
        router.post(AUTOMATIC + "/check", Access.ADMIN, request -> run(request, false));
        router.post(AUTOMATIC + "/revoke", Access.ADMIN, this::revoke);
        router.post(AUTOMATIC + "/manual", Access.ADMIN, request -> {
            Workflow w = workflows.update(request.pathParameter("id"), new WorkflowFields(null, null, null, "manual",
                    null, null), request.actor()).workflow();
            return ApiResponse.redirect(WorkflowPages.page(w));
        });
    }

    /** Set up signing or Check now: the run shows on the workflow's page; Apple's limit gets its own page. */
    private ApiResponse run(ApiRequest request, boolean setUp) throws Refusal {
        Workflow w = workflows.detail(request.pathParameter("id")).workflow();
        try {
            if (setUp) {
                automatic.setUp(w.id(), request.actor());
            } else {
                automatic.check(w.id(), request.actor());
            }
            return ApiResponse.redirect(WorkflowPages.page(w) + "#automatic");
        } catch (Refusal e) {
            if (e.code() == ErrorCode.CERTIFICATE_LIMIT && e.details() instanceof CertificateLimit limit) {
                return limitPage(request, w, limit, null, e.code().status());
            }
            return detail.page(request, null, e.getMessage(), null, e.code().status());
        }
    }

    private ApiResponse revoke(ApiRequest request) throws Refusal {
        Workflow w = workflows.detail(request.pathParameter("id")).workflow();
        var form = request.form();
        String certificateId = form.text("certificateId");
        String confirmName = form.text("confirmName");
        try {
            automatic.revoke(w.id(), certificateId, confirmName == null ? "" : confirmName, request.actor());
            String name = confirmName == null ? "" : confirmName.trim();
            return ApiResponse.redirect(WorkflowPages.page(w) + "?revoked="
                    + URLEncoder.encode(name, StandardCharsets.UTF_8) + "#automatic");
        } catch (Refusal e) {
            CertificateLimit limit = limit(form.text("limit"));
            if (limit == null) {
                return detail.page(request, null, e.getMessage(), null, e.code().status());
            }
            return limitPage(request, w, limit, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse limitPage(ApiRequest request, Workflow w, CertificateLimit limit, String error, int status) {
        List<LimitRow> rows = limit.certificates().stream().map(c -> new LimitRow(c.portalId(),
                c.type().appleType().title(), c.name(), c.serialNumber(),
                c.expirationDate() == null ? "" : TimeText.date(c.expirationDate()), c.keyHeld())).toList();
        String state;
        try {
            state = Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(limit));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A certificate limit cannot be written as JSON", e);
        }
        return templates.page(status, "apple/workflows/limit", new LimitView(WorkflowPages.frame(
                "Certificate limit reached", request.session()).backTo(WorkflowPages.page(w), w.name()), w,
                limit.type().appleType().title(), rows, state, error));
    }

    /** The list a limit page sent back with its form, or {@code null} when it is not one. */
    private static CertificateLimit limit(String state) {
        if (state == null) {
            return null;
        }
        try {
            CertificateLimit limit = JSON.readValue(Base64.getUrlDecoder().decode(state), CertificateLimit.class);
            return limit.type() == null || limit.certificates() == null ? null : limit;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
