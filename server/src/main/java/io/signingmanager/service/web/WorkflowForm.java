package io.signingmanager.service.web;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.service.apple.AutomaticSettings;
import io.signingmanager.service.apple.SigningMethod;
import io.signingmanager.service.apple.Workflow;
import io.signingmanager.service.apple.WorkflowFields;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.apple.WorkflowView;
import io.signingmanager.service.appstore.BundleId;
import io.signingmanager.service.appstore.ConnectKey;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import java.util.Arrays;
import java.util.List;

/**
 * Create Workflow and a workflow's settings: name, signing method, for the automatic method the App
 * Store Connect API key and the bundle ID picked from the key's team, distribution and Mac Catalyst.
 * The pages have no script: "Load bundle IDs" sends the form back to be shown again with the key's
 * bundle IDs to pick from. What was typed stays after a refusal.
 */
public final class WorkflowForm {
    /** The submit button that asks for the key's bundle IDs instead of saving. */
    static final String LOAD = "load";

    private final Templates templates;
    private final WorkflowService workflows;

    WorkflowForm(Templates templates, WorkflowService workflows) {
        this.templates = templates;
        this.workflows = workflows;
    }

    /** A choice of a radio group or a select. */
    public record Choice(String value, String label, boolean checked) {
    }

    /**
     * Create (when {@code workflow} is {@code null}) or the settings; {@code bundleIds} is {@code null}
     * until loaded, then the key's macOS bundle IDs to pick from.
     */
    public record FormView(Frame frame, Workflow workflow, String name, String bundleId, List<Choice> methods,
                           List<Choice> keys, List<Choice> bundleIds, List<Choice> distributions, boolean macCatalyst,
                           String notice, String error) {
        public String action() {
            return workflow == null ? WorkflowPages.LIST + "/new" : WorkflowPages.page(workflow) + "/edit";
        }

        public String cancel() {
            return workflow == null ? WorkflowPages.LIST : WorkflowPages.page(workflow);
        }

        public boolean automatic() {
            return methods.stream().anyMatch(m -> m.checked() && m.value().equals(SigningMethod.AUTOMATIC.wire()));
        }
    }

    void register(Router router) {
        router.get(WorkflowPages.LIST + "/new", Access.ADMIN, request -> form(request, null,
                WorkflowFields.manual("", "", Distribution.MAC_APP_STORE.wire()), null, null, null, 200));
        router.post(WorkflowPages.LIST + "/new", Access.ADMIN, request -> submit(request, null));
        router.get(WorkflowPages.LIST + "/{id}/edit", Access.ADMIN, request -> {
            Workflow w = workflows.detail(request.pathParameter("id")).workflow();
            return form(request, w, new WorkflowFields(w.name(), w.bundleId(), w.distribution().wire(), w.method().wire(),
                    w.connectKeyId(), w.macCatalyst()), null, null, null, 200);
        });
        router.post(WorkflowPages.LIST + "/{id}/edit", Access.ADMIN, request -> submit(request,
                workflows.detail(request.pathParameter("id")).workflow()));
    }

    /** Saves, or with "Load bundle IDs" shows the form again with the key's bundle IDs. */
    private ApiResponse submit(ApiRequest request, Workflow workflow) throws Refusal {
        Form form = request.form();
        WorkflowFields fields = fields(form);
        if (form.text(LOAD) != null) {
            return load(request, workflow, fields);
        }
        try {
            WorkflowView saved = workflow == null ? workflows.create(fields, request.actor())
                    : workflows.update(workflow.id(), fields, request.actor());
            return ApiResponse.redirect(WorkflowPages.page(saved.workflow()));
        } catch (Refusal e) {
            return form(request, workflow, fields, null, null, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse load(ApiRequest request, Workflow workflow, WorkflowFields fields) {
        try {
            List<BundleId> found = workflows.macBundleIds(fields.connectKeyId());
            String notice = found.isEmpty() ? "The team has no macOS or universal bundle IDs yet: register the app's "
                    + "in the Apple Developer portal (Identifiers), then load them again."
                    : found.size() + (found.size() == 1 ? " bundle ID" : " bundle IDs") + " for macOS in the team: pick the app's.";
            return form(request, workflow, fields, found.isEmpty() ? null : found, notice, null, 200);
        } catch (Refusal e) {
            return form(request, workflow, fields, null, null, e.getMessage(), e.code().status());
        }
    }

    /** The form as sent; an unticked checkbox is not sent, so Mac Catalyst is off then. */
    private static WorkflowFields fields(Form form) {
        String method = form.text("method");
        return new WorkflowFields(form.text("name"), form.text("bundleId"), form.text("distribution"),
                method == null ? SigningMethod.MANUAL.wire() : method,
                SigningMethod.AUTOMATIC.wire().equals(method) ? form.text("connectKeyId") : null,
                form.text("macCatalyst") != null);
    }

    private ApiResponse form(ApiRequest request, Workflow workflow, WorkflowFields fields, List<BundleId> bundleIds,
                             String notice, String error, int status) {
        Frame frame = workflow == null
                ? WorkflowPages.frame("Create Workflow", request.session()).backTo(WorkflowPages.LIST, "Workflows")
                : WorkflowPages.frame("Settings of " + workflow.name(), request.session())
                        .backTo(WorkflowPages.page(workflow), workflow.name());
        String method = fields.method() == null ? SigningMethod.MANUAL.wire() : fields.method();
        List<Choice> methods = List.of(
                new Choice(SigningMethod.MANUAL.wire(), "Manual: upload or choose the certificates and profiles",
                        !SigningMethod.AUTOMATIC.wire().equals(method)),
                new Choice(SigningMethod.AUTOMATIC.wire(), "Automatic: the service creates them through App Store Connect",
                        SigningMethod.AUTOMATIC.wire().equals(method)));
        List<Choice> keys = workflows.connectKeys().stream().map(key -> new Choice(key.id(), described(key),
                key.id().equals(fields.connectKeyId()))).toList();
        List<Choice> picks = bundleIds == null ? null : bundleIds.stream().map(b -> new Choice(b.identifier(),
                b.identifier() + " (" + b.name() + ", " + AutomaticSettings.platform(b.platform()) + ")",
                b.identifier().equals(fields.bundleId()))).toList();
        List<Choice> distributions = Arrays.stream(Distribution.values()).map(d -> new Choice(d.wire(), d.title(),
                d.wire().equals(fields.distribution()))).toList();
        return templates.page(status, "apple/workflows/form", new FormView(frame, workflow, text(fields.name()),
                text(fields.bundleId()), methods, keys, picks, distributions, Boolean.TRUE.equals(fields.macCatalyst()),
                notice, error));
    }

    /** "Release key · Example Corp (ABCDE12345)" for the key's choice, the team once a call told it. */
    private static String described(ConnectKey key) {
        if (key.teamId() == null) {
            return key.name();
        }
        return key.name() + " · " + (key.teamName() == null ? "team " + key.teamId() : key.teamName() + " (" + key.teamId() + ")");
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
