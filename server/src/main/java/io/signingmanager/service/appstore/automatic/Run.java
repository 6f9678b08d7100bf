package io.signingmanager.service.appstore.automatic;

import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.service.apple.SlotCertificate;
import io.signingmanager.service.apple.Workflow;
import io.signingmanager.service.apple.WorkflowView;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.audit.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One automatic run while it goes: the workflow as it stands now (its view changes as slots fill),
 * the API key it works with, the certificates chosen so far, and the steps taken, one sentence each.
 */
final class Run {
    private final String id = UUID.randomUUID().toString();
    private final RunKind kind;
    private final Actor actor;
    private final Instant startedAt;
    private final String keyName;
    private final Needs needs;
    private final List<String> steps = new ArrayList<>();
    private final Map<PortalCertificateType, Chosen> chosen = new EnumMap<>(PortalCertificateType.class);
    private WorkflowView view;

    /** A certificate a run put (or kept) in a slot: our id, its SHA-1 and name, and Apple's resource id. */
    record Chosen(String id, String sha1, String commonName, String portalId) {
    }

    Run(RunKind kind, Actor actor, Instant startedAt, WorkflowView view, String keyName) {
        this.kind = kind;
        this.actor = actor;
        this.startedAt = startedAt;
        this.view = view;
        this.keyName = keyName;
        this.needs = Needs.of(view.workflow().distribution(), view.workflow().macCatalyst());
    }

    RunKind kind() {
        return kind;
    }

    Actor actor() {
        return actor;
    }

    Workflow workflow() {
        return view.workflow();
    }

    String workflowId() {
        return view.workflow().id();
    }

    String connectKeyId() {
        return view.workflow().connectKeyId();
    }

    String keyName() {
        return keyName;
    }

    Needs needs() {
        return needs;
    }

    WorkflowView view() {
        return view;
    }

    void view(WorkflowView changed) {
        this.view = changed;
    }

    SlotCertificate certificate(IdentityRole role) {
        return role == IdentityRole.APPLICATION ? view.applicationCertificate() : view.installerCertificate();
    }

    void chose(PortalCertificateType type, Chosen certificate) {
        chosen.put(type, certificate);
    }

    Chosen chosen(PortalCertificateType type) {
        return chosen.get(type);
    }

    void step(String sentence) {
        steps.add(sentence);
    }

    AutomaticRun finish(RunOutcome outcome, Instant finishedAt) {
        return new AutomaticRun(id, workflowId(), kind, outcome, startedAt, finishedAt, steps);
    }
}
