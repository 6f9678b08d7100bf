package io.signingmanager.service.web;

import io.signingmanager.service.apple.CheckState;
import io.signingmanager.service.apple.ChecklistItem;
import io.signingmanager.service.apple.SigningMethod;
import io.signingmanager.service.apple.Slot;
import io.signingmanager.service.apple.SlotCertificate;
import io.signingmanager.service.apple.StoredProfile;
import io.signingmanager.service.apple.Workflow;
import io.signingmanager.service.apple.WorkflowView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A workflow's slots as its page shows them: what fills each (linked to the certificate's or the
 * profile's page) and the readiness checklist's items for that slot, in words.
 */
public final class WorkflowChecklist {
    static final String AUTOMATIC_REMEDY = "Set up signing, or Check now: the service creates or renews what is missing";

    private WorkflowChecklist() {
    }

    /** One check of a slot: how it stands, and when not OK, what is wrong and what to do. */
    public record Line(String css, String state, String check, String problem, String remedy) {
    }

    /**
     * A slot: {@code anchor} names it on the page, {@code path} is its address (Choose and Upload
     * follow), {@code filled} what holds it ({@code null} when empty), {@code extension} the bundle ID
     * of an extension's profile slot.
     */
    public record SlotBox(String anchor, String title, String path, String extension, String filled, String href,
                          String detail, boolean problem, List<Line> checks) {
    }

    static List<SlotBox> slots(WorkflowView view) {
        Workflow w = view.workflow();
        String page = WorkflowPages.page(w);
        List<SlotBox> boxes = new ArrayList<>();
        boxes.add(certificate(view, Slot.APPLICATION_CERTIFICATE, view.applicationCertificate(), page));
        boxes.add(certificate(view, Slot.INSTALLER_CERTIFICATE, view.installerCertificate(), page));
        boxes.add(profile(view, Slot.PROFILE, null, view.profile(), "Provisioning profile for " + w.bundleId(),
                page + "/" + Slot.PROFILE.wire()));
        for (WorkflowView.ExtensionView extension : view.extensions()) {
            boxes.add(profile(view, Slot.EXTENSION_PROFILE, extension.bundleId(), extension.profile(),
                    "Extension " + extension.bundleId(), page + "/extensions/" + extension.bundleId() + "/profile"));
        }
        return boxes;
    }

    private static SlotBox certificate(WorkflowView view, Slot slot, SlotCertificate c, String page) {
        String title = slot.title();
        if (slot == Slot.INSTALLER_CERTIFICATE && !view.workflow().distribution().installerRequired()) {
            title += " (optional)";
        }
        String detail = c == null ? null : (c.type() == null ? "Not an Apple certificate" : c.type().title()
                + (c.teamId() == null ? "" : " · team " + c.teamId())) + " · SHA-1 " + c.sha1() + " · expires "
                + TimeText.date(c.notAfter());
        return box(view, slot, null, title, page + "/" + slot.wire(), c == null ? null : c.commonName(),
                c == null ? null : "/certificates/" + c.id(), detail);
    }

    private static SlotBox profile(WorkflowView view, Slot slot, String extension, StoredProfile p, String title,
                                   String path) {
        String detail = p == null ? null : p.type().title() + " · " + p.applicationIdentifier() + " · expires "
                + TimeText.date(p.expiresAt());
        return box(view, slot, extension, title, path, p == null ? null : p.name(),
                p == null ? null : ProfilePages.LIST + "/" + p.id(), detail);
    }

    /** The id of a slot's part of the workflow page. */
    static String anchor(Slot slot, String extension) {
        return extension == null ? slot.wire() : "extension-" + extension;
    }

    private static SlotBox box(WorkflowView view, Slot slot, String extension, String title, String path,
                               String filled, String href, String detail) {
        List<Line> lines = new ArrayList<>();
        boolean problem = false;
        // An automatic workflow's own slots are the service's to fill: the way out is its buttons, not an upload.
        boolean byService = view.workflow().method() == SigningMethod.AUTOMATIC && extension == null;
        for (ChecklistItem item : view.readiness().checklist()) {
            if (item.slot() == slot && Objects.equals(item.bundleId(), extension)) {
                problem |= item.state() == CheckState.PROBLEM;
                String remedy = byService && item.state() == CheckState.PROBLEM ? AUTOMATIC_REMEDY : item.remedy();
                lines.add(new Line(item.state().wire(), item.state().title(), item.check().title(), item.problem(),
                        remedy));
            }
        }
        return new SlotBox(anchor(slot, extension), title, path, extension, filled, href, detail, problem, lines);
    }
}
