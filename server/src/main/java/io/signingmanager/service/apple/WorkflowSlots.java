package io.signingmanager.service.apple;

import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a workflow's slots hold: a certificate or profile chosen from those stored, or uploaded into
 * the slot, and the app extensions with their profiles. A candidate goes through the same checks as
 * the readiness checklist and is refused for the ones that keep it out of the slot; an upload is
 * stored and put in its slot in one transaction, so a refused upload stores nothing. Each change is
 * a workflow update in the audit, with the slot before and after.
 */
public final class WorkflowSlots {
    private final Database database;
    private final WorkflowRepository workflows;
    private final WorkflowLoader loader;
    private final CertificateRepository certificates;
    private final CertificateService certificateService;
    private final ProfileService profiles;
    private final AuditLog audit;
    private final Clock clock;

    public WorkflowSlots(Database database, WorkflowRepository workflows, CertificateRepository certificates,
                         CertificateService certificateService, ProfileService profiles, AuditLog audit, Clock clock) {
        this.database = database;
        this.workflows = workflows;
        this.loader = new WorkflowLoader(workflows, certificates, profiles, clock);
        this.certificates = certificates;
        this.certificateService = certificateService;
        this.profiles = profiles;
        this.audit = audit;
        this.clock = clock;
    }

    /** Puts the stored certificate {@code certificateId} in the slot of {@code role}; {@code null} empties it. */
    public WorkflowView setCertificate(String id, IdentityRole role, String certificateId, Actor actor) throws Refusal {
        return database.transaction(c -> {
            StoredCertificate certificate = certificateId == null ? null : certificates.find(c, certificateId)
                    .orElseThrow(() -> Refusal.badRequest("No signing certificate with id " + certificateId));
            return fillCertificate(c, loader.contents(c, loader.require(c, id)), role, certificate, actor);
        });
    }

    /** Imports the {@code .p12} as a signing certificate and puts it in the slot of {@code role}. */
    public WorkflowView uploadCertificate(String id, IdentityRole role, byte[] p12, String password, Actor actor)
            throws Refusal {
        return database.transaction(c -> {
            WorkflowContents contents = loader.contents(c, loader.require(c, id));
            return fillCertificate(c, contents, role, certificateService.importIn(c, p12, password, actor), actor);
        });
    }

    /**
     * Puts the stored profile {@code profileId} in the main profile slot ({@code extension} {@code null})
     * or in the slot of that extension; {@code null} empties it.
     */
    public WorkflowView setProfile(String id, String extension, String profileId, Actor actor) throws Refusal {
        return database.transaction(c -> {
            WorkflowContents contents = loader.contents(c, loader.require(c, id));
            requireExtension(contents, extension);
            StoredProfile profile = profileId == null ? null : profiles.find(c, profileId)
                    .orElseThrow(() -> Refusal.badRequest("No provisioning profile with id " + profileId));
            return fillProfile(c, contents, extension, profile, actor);
        });
    }

    /** Stores the profile file and puts it in the main profile slot or in that extension's. */
    public WorkflowView uploadProfile(String id, String extension, byte[] file, Actor actor) throws Refusal {
        return database.transaction(c -> {
            WorkflowContents contents = loader.contents(c, loader.require(c, id));
            requireExtension(contents, extension);
            return fillProfile(c, contents, extension, profiles.store(c, file, actor), actor);
        });
    }

    /** Adds an app extension, by its bundle identifier, with an empty profile slot. */
    public WorkflowView addExtension(String id, String bundleId, Actor actor) throws Refusal {
        String extension = WorkflowInput.bundleId("bundleId", bundleId);
        return database.transaction(c -> {
            WorkflowContents contents = loader.contents(c, loader.require(c, id));
            if (extension.equals(contents.workflow().bundleId())) {
                throw Refusal.badRequest("The extension's bundle ID " + extension + " is the app's own; an extension "
                        + "has one of its own, such as " + extension + ".widget");
            }
            if (contents.extensions().stream().anyMatch(e -> e.bundleId().equals(extension))) {
                throw new Refusal(ErrorCode.CONFLICT, "The workflow has the extension " + extension + " already");
            }
            workflows.addExtension(c, id, extension);
            return updated(c, contents, contents.workflow(), Map.of(), Map.of("extension", extension), actor);
        });
    }

    /** Removes an app extension and its profile slot (the profile itself stays). */
    public WorkflowView removeExtension(String id, String bundleId, Actor actor) throws Refusal {
        return database.transaction(c -> {
            WorkflowContents contents = loader.contents(c, loader.require(c, id));
            requireExtension(contents, bundleId);
            workflows.removeExtension(c, id, bundleId);
            return updated(c, contents, contents.workflow(), Map.of("extension", bundleId), Map.of(), actor);
        });
    }

    private WorkflowView fillCertificate(Connection c, WorkflowContents contents, IdentityRole role,
                                         StoredCertificate certificate, Actor actor) throws SQLException, Refusal {
        Workflow workflow = contents.workflow();
        Slot slot = Slot.certificate(role);
        if (certificate != null) {
            refuse(ErrorCode.UNSUITABLE_CERTIFICATE, new SlotChecks(workflow.distribution(), clock.instant())
                    .certificate(role, certificate, contents.team(slot, null)));
        }
        Workflow after = workflow.withCertificate(role, certificate == null ? null : certificate.id(), clock.instant());
        workflows.update(c, after, after.updatedAt());
        return updated(c, contents, after, described(slot, null, contents.certificate(role)),
                described(slot, null, certificate), actor);
    }

    private WorkflowView fillProfile(Connection c, WorkflowContents contents, String extension, StoredProfile profile,
                                     Actor actor) throws SQLException, Refusal {
        Workflow workflow = contents.workflow();
        Slot slot = extension == null ? Slot.PROFILE : Slot.EXTENSION_PROFILE;
        if (profile != null) {
            refuse(ErrorCode.UNSUITABLE_PROFILE, new SlotChecks(workflow.distribution(), clock.instant()).profile(
                    extension, extension == null ? workflow.bundleId() : extension, profile, contents.application(),
                    contents.team(slot, extension)));
        }
        String profileId = profile == null ? null : profile.id();
        Workflow after = extension == null ? workflow.withProfile(profileId, clock.instant())
                : workflow.withProfile(workflow.profileId(), clock.instant());
        workflows.update(c, after, after.updatedAt());
        if (extension != null) {
            workflows.setExtensionProfile(c, workflow.id(), extension, profileId);
        }
        StoredProfile before = extension == null ? contents.profile() : contents.extensionProfiles().get(extension);
        return updated(c, contents, after, described(slot, extension, before), described(slot, extension, profile),
                actor);
    }

    private WorkflowView updated(Connection c, WorkflowContents before, Workflow after, Map<String, String> was,
                                 Map<String, String> is, Actor actor) throws SQLException {
        audit.recordIn(c, WorkflowService.entry(actor, AdminAction.WORKFLOW_UPDATE, before.workflow()).change(was, is));
        return loader.view(c, after);
    }

    /** Refuses the candidate with the first of its checks that keeps it out of the slot. */
    private static void refuse(ErrorCode code, List<ChecklistItem> checks) throws Refusal {
        Optional<ChecklistItem> refusing = checks.stream().filter(SlotChecks::refuses).findFirst();
        if (refusing.isPresent()) {
            throw new Refusal(code, refusing.get().problem());
        }
    }

    private static void requireExtension(WorkflowContents contents, String extension) throws Refusal {
        if (extension != null && contents.extensions().stream().noneMatch(e -> e.bundleId().equals(extension))) {
            throw Refusal.notFound("The workflow '" + contents.workflow().name() + "' has no extension " + extension);
        }
    }

    /** The slot's content as the audit records it: which certificate or profile, by name and fingerprint or UUID. */
    private static Map<String, String> described(Slot slot, String extension, Object content) {
        String key = extension == null ? slot.wire() : slot.wire() + " " + extension;
        if (content instanceof StoredCertificate certificate) {
            return Map.of(key, certificate.commonName() + " (SHA-1 " + certificate.sha1() + ")");
        }
        if (content instanceof StoredProfile profile) {
            return Map.of(key, profile.name() + " (UUID " + profile.uuid() + ")");
        }
        return Map.of();
    }
}
