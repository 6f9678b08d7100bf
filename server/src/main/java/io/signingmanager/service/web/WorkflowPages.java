package io.signingmanager.service.web;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.apple.SigningMethod;
import io.signingmanager.service.apple.Workflow;
import io.signingmanager.service.apple.WorkflowFields;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.apple.WorkflowView;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import io.signingmanager.service.http.Session;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The Workflows pages under the Apple menu: the list with readiness, Create, the settings form,
 * Authorize and Delete. A workflow's own page, with its slots and checklist, is
 * {@link WorkflowSlotPages}'.
 */
public final class WorkflowPages {
    static final String LIST = "/apple/workflows";

    private final Templates templates;
    private final WorkflowService workflows;
    private final AuthorizePage authorize;

    WorkflowPages(Templates templates, WorkflowService workflows, ApiKeyService apiKeys) {
        this.templates = templates;
        this.workflows = workflows;
        this.authorize = new AuthorizePage(templates, apiKeys);
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

    /** A choice of a radio group. */
    public record Choice(String value, String label, boolean checked) {
    }

    /**
     * Create (when {@code workflow} is {@code null}) and the settings form, with what was typed kept
     * after a refusal.
     */
    public record FormView(Frame frame, Workflow workflow, String name, String bundleId, List<Choice> distributions,
                           String automaticLater, String error) {
        public String action() {
            return workflow == null ? LIST + "/new" : LIST + "/" + workflow.id() + "/edit";
        }

        public String cancel() {
            return workflow == null ? LIST : LIST + "/" + workflow.id();
        }
    }

    public record DeleteView(Frame frame, Workflow workflow) {
    }

    void register(Router router) {
        router.get(LIST, Access.USER, this::list);
        router.get(LIST + "/new", Access.ADMIN, request -> form(request.session(), null,
                new WorkflowFields("", "", Distribution.MAC_APP_STORE.wire(), null), null, 200));
        router.post(LIST + "/new", Access.ADMIN, this::create);
        router.get(LIST + "/{id}/edit", Access.ADMIN, request -> {
            Workflow workflow = workflows.detail(request.pathParameter("id")).workflow();
            return form(request.session(), workflow, new WorkflowFields(workflow.name(), workflow.bundleId(),
                    workflow.distribution().wire(), null), null, 200);
        });
        router.post(LIST + "/{id}/edit", Access.ADMIN, this::edit);
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

    private ApiResponse create(ApiRequest request) throws Refusal {
        WorkflowFields fields = fields(request.form());
        try {
            WorkflowView created = workflows.create(fields, request.actor());
            return ApiResponse.redirect(page(created.workflow()));
        } catch (Refusal e) {
            return form(request.session(), null, fields, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse edit(ApiRequest request) throws Refusal {
        Workflow workflow = workflows.detail(request.pathParameter("id")).workflow();
        WorkflowFields fields = fields(request.form());
        try {
            workflows.update(workflow.id(), fields, request.actor());
            return ApiResponse.redirect(page(workflow));
        } catch (Refusal e) {
            return form(request.session(), workflow, fields, e.getMessage(), e.code().status());
        }
    }

    /** The form as sent; the method is manual, the only one the form can send. */
    private static WorkflowFields fields(Form form) {
        return new WorkflowFields(form.text("name"), form.text("bundleId"), form.text("distribution"),
                SigningMethod.MANUAL.wire());
    }

    private ApiResponse form(Session session, Workflow workflow, WorkflowFields fields, String error, int status) {
        Frame frame = workflow == null ? frame("Create Workflow", session).backTo(LIST, "Workflows")
                : frame("Settings of " + workflow.name(), session).backTo(page(workflow), workflow.name());
        List<Choice> distributions = Arrays.stream(Distribution.values()).map(d -> new Choice(d.wire(), d.title(),
                d.wire().equals(fields.distribution()))).toList();
        return templates.page(status, "apple/workflows/form", new FormView(frame, workflow, text(fields.name()),
                text(fields.bundleId()), distributions, WorkflowService.AUTOMATIC_LATER, error));
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

    private static String text(String value) {
        return value == null ? "" : value;
    }

    static Frame frame(String title, Session session) {
        return new Frame(title, Frame.Section.WORKFLOWS, session);
    }
}
