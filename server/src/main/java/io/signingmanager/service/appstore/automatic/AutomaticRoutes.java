package io.signingmanager.service.appstore.automatic;

import io.signingmanager.service.apple.Readiness;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;

/**
 * {@code /api/v1/admin/apple/workflows/{id}/automatic/...}: an automatic workflow's set up, check,
 * revoke at the certificate limit, and its runs; admins only.
 */
public final class AutomaticRoutes {
    private static final String AUTOMATIC = "/api/v1/admin/apple/workflows/{id}/automatic";

    private final AutomaticSigning automatic;
    private final WorkflowService workflows;

    public AutomaticRoutes(AutomaticSigning automatic, WorkflowService workflows) {
        this.automatic = automatic;
        this.workflows = workflows;
    }

    /** A set up's or a check's answer: the run with its steps, and the workflow's readiness after it. */
    record RunAnswer(AutomaticRun run, Readiness readiness) {
    }

    record RevokeRequest(String certificateId, String confirmName) {
    }

    public void register(Router router) {
        router.post(AUTOMATIC + "/set-up", Access.ADMIN, request -> answer(request,
                automatic.setUp(id(request), request.actor())));
        router.post(AUTOMATIC + "/check", Access.ADMIN, request -> answer(request,
                automatic.check(id(request), request.actor())));
        router.get(AUTOMATIC + "/runs", Access.ADMIN, request -> {
            workflows.detail(id(request));
            return ApiResponse.ok(automatic.runs(id(request)));
        });
        router.post(AUTOMATIC + "/revoke", Access.ADMIN, request -> {
            RevokeRequest body = request.json(RevokeRequest.class);
            automatic.revoke(id(request), body.certificateId(), body.confirmName(), request.actor());
            return ApiResponse.noContent();
        });
    }

    private ApiResponse answer(ApiRequest request, AutomaticRun run) throws Refusal {
        return ApiResponse.ok(new RunAnswer(run, workflows.detail(id(request)).readiness()));
    }

    private static String id(ApiRequest request) {
        return request.pathParameter("id");
    }
}
