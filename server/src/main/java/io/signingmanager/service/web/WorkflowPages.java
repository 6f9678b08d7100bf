package io.signingmanager.service.web;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.apple.SigningMethod;
import io.signingmanager.service.apple.Workflow;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.apple.WorkflowView;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Workflows pages under the Apple menu: the list with readiness, Authorize and Delete; Create and
 * the settings form are {@link WorkflowForm}'s. A workflow's own page, with its slots and checklist,
 * is {@link WorkflowSlotPages}'.
 */
public final class WorkflowPages {
    static final String LIST = "/apple/workflows";

    private final Templates templates;
    private final WorkflowService workflows;
    private final AuthorizePage authorize;
    private final WorkflowForm form;

    WorkflowPages(Templates templates, WorkflowService workflows, ApiKeyService apiKeys) {
        this.templates = templates;
        this.workflows = workflows;
        this.authorize = new AuthorizePage(templates, apiKeys);
        this.form = new WorkflowForm(templates, workflows);
    }

    /**
     * One row of the list: {@code problems} counts what keeps it from being ready, {@code expiring}
     * says something in it expires within 30 days.
     */
    public record Row(String id, String name, String bundleId, Distribution distribution, SigningMethod method,
                      boolean ready, int problems, boolean expiring, String authorized) {
        /** "Not ready: 3 problems", for the badge. */
        public String readiness() {
            return ready ? "Ready" : "Not ready: " + problems + (problems == 1 ? " problem" : " problems");
        }
    }

    public record ListView(Frame frame, ListQuery.Listing<Row> list) {
    }

    private static final ListQuery<Row> QUERY = new ListQuery<>(LIST, List.of(
            new ListQuery.Column<>("name", Comparator.comparing(Row::name, String.CASE_INSENSITIVE_ORDER)),
            new ListQuery.Column<>("bundle", Comparator.comparing(Row::bundleId, String.CASE_INSENSITIVE_ORDER)),
            new ListQuery.Column<>("distribution", Comparator.comparing(Row::distribution)),
            new ListQuery.Column<>("method", Comparator.comparing(Row::method)),
            new ListQuery.Column<>("readiness", Comparator.comparing(Row::ready).reversed()
                    .thenComparingInt(Row::problems))),
            row -> List.of(row.name(), row.bundleId(), row.distribution().title(), row.authorized()));

    public record DeleteView(Frame frame, Workflow workflow) {
    }

    void register(Router router) {
        router.get(LIST, Access.USER, this::list);
        form.register(router);
        router.get(LIST + "/{id}/authorize", Access.ADMIN, request -> {
            WorkflowView view = workflows.detail(request.pathParameter("id"));
            return authorize.form(authorizing(request, view.workflow()), page(view.workflow()), view.authorization());
        });
        router.post(LIST + "/{id}/authorize", Access.ADMIN, request -> {
            Workflow workflow = workflows.detail(request.pathParameter("id")).workflow();
            return authorize.submit(request, authorizing(request, workflow), page(workflow),
                    (all, keys) -> workflows.authorize(workflow.id(), all, keys, request.actor()));
        });
        router.get(LIST + "/{id}/delete", Access.ADMIN, request -> {
            Workflow workflow = workflows.detail(request.pathParameter("id")).workflow();
            return templates.page("apple/workflows/delete", new DeleteView(frame("Delete " + workflow.name(),
                    request.session()).backTo(page(workflow), workflow.name()), workflow));
        });
        router.post(LIST + "/{id}/delete", Access.ADMIN, request -> {
            workflows.delete(request.pathParameter("id"), request.actor());
            return ApiResponse.redirect(LIST);
        });
    }

    private ApiResponse list(ApiRequest request) throws Refusal {
        Map<String, String> names = authorize.keyNames();
        List<Row> rows = workflows.list().stream().map(view -> {
            Workflow w = view.workflow();
            return new Row(w.id(), w.name(), w.bundleId(), w.distribution(), w.method(), view.readiness().ready(),
                    view.readiness().problems().size(), !view.readiness().warnings().isEmpty(),
                    AuthorizePage.described(view.authorization(), names));
        }).toList();
        return templates.page("apple/workflows/list", new ListView(frame("Workflows", request.session()),
                QUERY.apply(request, rows)));
    }

    private AuthorizePage.Subject authorizing(ApiRequest request, Workflow workflow) {
        return new AuthorizePage.Subject(frame("Authorize API keys for " + workflow.name(), request.session())
                .backTo(page(workflow), workflow.name()),
                "Build machines fetch this workflow's profiles and certificates through their client's API key. "
                        + "Choose which API keys may fetch it.",
                "Which API keys may fetch it", "fetch it", page(workflow) + "/authorize");
    }

    static String page(Workflow workflow) {
        return LIST + "/" + workflow.id();
    }

    static Frame frame(String title, Session session) {
        return new Frame(title, Frame.Section.WORKFLOWS, session);
    }
}
