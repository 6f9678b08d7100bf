package io.signingmanager.service.web;

import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.service.apple.ProfileService;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.apple.ProvisioningProfile;
import io.signingmanager.service.apple.Slot;
import io.signingmanager.service.apple.SlotCertificate;
import io.signingmanager.service.apple.StoredProfile;
import io.signingmanager.service.apple.Workflow;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.apple.WorkflowSlots;
import io.signingmanager.service.apple.WorkflowView;
import io.signingmanager.service.certificates.CertificateRoutes;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.http.Access;
import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.ApiResponse;
import io.signingmanager.service.http.Form;
import io.signingmanager.service.http.Router;
import java.util.List;
import java.util.function.Function;

/**
 * A workflow's own page: its settings, its slots each with what fills it and its checks in words,
 * and the app extensions; and, for admins, Choose and Upload for every slot. What fits a slot is
 * the {@link WorkflowSlots}' to decide: a refused choice or upload shows its reason on the form.
 */
public final class WorkflowSlotPages {
    private static final String EXTENSION = "/extensions/{bundleId}/profile";
    // The multipart form around a .p12 or a profile: the readers say "too large" in words.
    private static final int MAX_UPLOAD = CertificateRoutes.MAX_UPLOAD + 64 * 1024;

    private final Templates templates;
    private final WorkflowService workflows;
    private final WorkflowSlots slots;
    private final CertificateService certificates;
    private final ProfileService profiles;
    private final AuthorizePage authorize;
    private final AutomaticCard automatic;

    WorkflowSlotPages(Templates templates, WorkflowService workflows, WorkflowSlots slots,
                      CertificateService certificates, ProfileService profiles, AuthorizePage authorize,
                      AutomaticCard automatic) {
        this.templates = templates;
        this.workflows = workflows;
        this.slots = slots;
        this.certificates = certificates;
        this.profiles = profiles;
        this.authorize = authorize;
        this.automatic = automatic;
    }

    /** Which slot a request is about: the slot, and for an extension's profile the extension's bundle ID. */
    record Target(Slot slot, String extension) {
        IdentityRole role() {
            return slot == Slot.APPLICATION_CERTIFICATE ? IdentityRole.APPLICATION : IdentityRole.INSTALLER;
        }

        boolean certificate() {
            return slot == Slot.APPLICATION_CERTIFICATE || slot == Slot.INSTALLER_CERTIFICATE;
        }

        /** The slot's address under the workflow's page. */
        String path(Workflow workflow) {
            return WorkflowPages.page(workflow) + (extension == null ? "/" + slot.wire()
                    : "/extensions/" + extension + "/profile");
        }

        /** Where the workflow's page shows the slot, to come back to after a change. */
        String back(Workflow workflow) {
            return WorkflowPages.page(workflow) + "#" + WorkflowChecklist.anchor(slot, extension);
        }

        /** "application certificate of MyApp release", "profile of com.example.app.widget". */
        String described(Workflow workflow) {
            return extension == null ? slot.title().toLowerCase() + " of " + workflow.name() : "profile of " + extension;
        }
    }

    /** A certificate or profile to choose: its id, its name, what else tells it apart. */
    public record Candidate(String id, String name, String detail, boolean current) {
    }

    public record ChooseView(Frame frame, String heading, String hint, String action, String cancel,
                             List<Candidate> candidates, String upload, String error) {
    }

    public record UploadView(Frame frame, String heading, boolean certificate, String action, String cancel,
                             String error) {
    }

    /**
     * The workflow page, with the add-extension form's text and refusal after a refused add; for an
     * automatic workflow its "Automatic signing" card ({@code null} for a manual one).
     */
    public record DetailView(Frame frame, WorkflowView view, String authorized, List<WorkflowChecklist.SlotBox> slots,
                             AutomaticCard.Card automatic, String extension, String error) {
        public Workflow workflow() {
            return view.workflow();
        }
    }

    void register(Router router) {
        router.get(WorkflowPages.LIST + "/{id}", Access.USER, request -> page(request, "", null, null, 200));
        for (Slot slot : List.of(Slot.APPLICATION_CERTIFICATE, Slot.INSTALLER_CERTIFICATE, Slot.PROFILE)) {
            registerSlot(router, "/" + slot.wire(), request -> new Target(slot, null));
        }
        registerSlot(router, EXTENSION, request -> new Target(Slot.EXTENSION_PROFILE, request.pathParameter("bundleId")));
        router.post(WorkflowPages.LIST + "/{id}/extensions", Access.ADMIN, this::addExtension);
        router.post(WorkflowPages.LIST + "/{id}/extensions/{bundleId}/remove", Access.ADMIN, request -> {
            WorkflowView view = slots.removeExtension(request.pathParameter("id"), request.pathParameter("bundleId"),
                    request.actor());
            return ApiResponse.redirect(WorkflowPages.page(view.workflow()) + "#extensions");
        });
    }

    private void registerSlot(Router router, String slotPath, Function<ApiRequest, Target> target) {
        String path = WorkflowPages.LIST + "/{id}" + slotPath;
        router.get(path + "/choose", Access.ADMIN, request -> choosePage(request, target.apply(request), null, 200));
        router.post(path + "/choose", Access.ADMIN, request -> choose(request, target.apply(request)));
        router.get(path + "/upload", Access.ADMIN, request -> uploadPage(request, target.apply(request), null, 200));
        router.add("POST", path + "/upload", Access.ADMIN, MAX_UPLOAD, request -> upload(request, target.apply(request)));
    }

    /**
     * The workflow page; {@code automaticError} is a refused Set up signing or Check now, shown on the
     * automatic card, {@code extensionError} a refused add-extension with its text {@code extension}.
     */
    ApiResponse page(ApiRequest request, String extension, String automaticError, String extensionError, int status)
            throws Refusal {
        WorkflowView view = workflows.detail(request.pathParameter("id"));
        Workflow w = view.workflow();
        String revoked = request.query("revoked");
        String notice = revoked == null || revoked.isBlank() ? null : "Revoked the certificate \u201c" + revoked
                + "\u201d in Apple's portal. Set up signing again to create one in its place.";
        return templates.page(status, "apple/workflows/detail", new DetailView(
                WorkflowPages.frame(w.name(), request.session()).backTo(WorkflowPages.LIST, "Workflows"), view,
                AuthorizePage.described(view.authorization(), authorize.keyNames()),
                WorkflowChecklist.slots(view), automatic.of(w, automaticError, notice), extension == null ? "" : extension,
                extensionError));
    }

    private ApiResponse addExtension(ApiRequest request) throws Refusal {
        String bundleId = request.form().text("bundleId");
        try {
            WorkflowView view = slots.addExtension(request.pathParameter("id"), bundleId, request.actor());
            return ApiResponse.redirect(WorkflowPages.page(view.workflow()) + "#extensions");
        } catch (Refusal e) {
            return page(request, bundleId, null, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse choose(ApiRequest request, Target target) throws Refusal {
        String id = request.pathParameter("id");
        String chosen = request.form().text("choice");
        try {
            if (chosen == null || chosen.isBlank()) {
                throw Refusal.badRequest("Choose one of the listed " + (target.certificate() ? "certificates" : "profiles")
                        + " first");
            }
            WorkflowView view = target.certificate() ? slots.setCertificate(id, target.role(), chosen, request.actor())
                    : slots.setProfile(id, target.extension(), chosen, request.actor());
            return ApiResponse.redirect(target.back(view.workflow()));
        } catch (Refusal e) {
            return choosePage(request, target, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse upload(ApiRequest request, Target target) throws Refusal {
        String id = request.pathParameter("id");
        Form form = request.form();
        try {
            WorkflowView view;
            if (target.certificate()) {
                view = slots.uploadCertificate(id, target.role(), UploadForm.file(form, ".p12"),
                        UploadForm.password(form), request.actor());
            } else {
                view = slots.uploadProfile(id, target.extension(), UploadForm.file(form, ".provisionprofile"), request.actor());
            }
            return ApiResponse.redirect(target.back(view.workflow()));
        } catch (Refusal e) {
            return uploadPage(request, target, e.getMessage(), e.code().status());
        }
    }

    private ApiResponse choosePage(ApiRequest request, Target target, String error, int status) throws Refusal {
        WorkflowView view = workflows.detail(request.pathParameter("id"));
        Workflow w = view.workflow();
        List<Candidate> candidates;
        String hint;
        if (target.certificate()) {
            AppleCertificateType wanted = w.distribution().typeFor(target.role());
            SlotCertificate current = target.role() == IdentityRole.APPLICATION ? view.applicationCertificate()
                    : view.installerCertificate();
            candidates = certificates.list().stream()
                    .filter(c -> c.apple() != null && c.apple().type() == wanted)
                    .map(c -> new Candidate(c.certificate().id(), c.certificate().commonName(), "SHA-1 "
                            + c.certificate().sha1() + " · expires " + TimeText.date(c.certificate().notAfter()),
                            current != null && current.id().equals(c.certificate().id())))
                    .toList();
            hint = "The signing certificates of type " + wanted.title() + ", as a " + w.distribution().title()
                    + " workflow needs.";
        } else {
            ProfileType wanted = ProfileType.of(w.distribution());
            StoredProfile current = target.extension() == null ? view.profile() : view.extensions().stream()
                    .filter(e -> e.bundleId().equals(target.extension())).map(WorkflowView.ExtensionView::profile)
                    .filter(p -> p != null).findFirst().orElse(null);
            candidates = profiles.list().stream().map(p -> p.profile())
                    .filter(p -> p.type() == wanted && p.platforms().contains(ProvisioningProfile.MAC_OS))
                    .map(p -> new Candidate(p.id(), p.name(), p.applicationIdentifier() + " · expires "
                            + TimeText.date(p.expiresAt()), current != null && current.id().equals(p.id())))
                    .toList();
            hint = "The macOS " + wanted.title() + " profiles, as a " + w.distribution().title()
                    + " workflow needs; the one you choose must be for "
                    + (target.extension() == null ? w.bundleId() : target.extension()) + ".";
        }
        String heading = "Choose the " + target.described(w);
        return templates.page(status, "apple/workflows/choose", new ChooseView(WorkflowPages.frame(heading,
                request.session()).backTo(WorkflowPages.page(w), w.name()), heading, hint,
                target.path(w) + "/choose", WorkflowPages.page(w), candidates, target.path(w) + "/upload", error));
    }

    private ApiResponse uploadPage(ApiRequest request, Target target, String error, int status) throws Refusal {
        Workflow w = workflows.detail(request.pathParameter("id")).workflow();
        String heading = "Upload the " + target.described(w);
        return templates.page(status, "apple/workflows/upload", new UploadView(WorkflowPages.frame(heading,
                request.session()).backTo(WorkflowPages.page(w), w.name()), heading, target.certificate(),
                target.path(w) + "/upload", WorkflowPages.page(w), error));
    }
}
