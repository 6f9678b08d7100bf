package io.signingmanager.service.appstore.automatic;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.apple.ProfileService;
import io.signingmanager.service.apple.Readiness;
import io.signingmanager.service.apple.SigningMethod;
import io.signingmanager.service.apple.Workflow;
import io.signingmanager.service.apple.WorkflowRepository;
import io.signingmanager.service.apple.WorkflowService;
import io.signingmanager.service.apple.WorkflowSlots;
import io.signingmanager.service.apple.WorkflowView;
import io.signingmanager.service.appstore.AppStoreConnect;
import io.signingmanager.service.appstore.BundleId;
import io.signingmanager.service.appstore.ConnectKeyService;
import io.signingmanager.service.appstore.PortalCertificate;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Automatic signing: with a workflow's App Store Connect API key the service creates (or reuses) the
 * certificates and the provisioning profile the workflow needs, keeps them renewed, and at Apple's
 * certificate limit says so and revokes one only when an admin names it. Every run is recorded with
 * its steps (what the workflow page shows) and audited; each change in it is audited on its own.
 */
public final class AutomaticSigning {
    /** How many runs a workflow's history shows. */
    static final int RUNS_SHOWN = 50;
    private static final Set<String> MAC_PLATFORMS = Set.of("MAC_OS", "UNIVERSAL");

    private final Database database;
    private final AppStoreConnect appStore;
    private final ConnectKeyService connectKeys;
    private final WorkflowService workflows;
    private final CertificateService certificateService;
    private final CertificateRepository certificates;
    private final CertificateSteps certificateSteps;
    private final ProfileSteps profileSteps;
    private final RunRepository runs = new RunRepository();
    private final AuditLog audit;
    private final Clock clock;
    // One run at a time per workflow: "Check now" while the daily check runs waits for it.
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public AutomaticSigning(Database database, AppStoreConnect appStore, ConnectKeyService connectKeys,
                            Apple apple, AuditLog audit, Clock clock) {
        this.database = database;
        this.appStore = appStore;
        this.connectKeys = connectKeys;
        this.workflows = apple.workflows();
        this.certificateService = apple.certificateService();
        this.certificates = apple.certificates();
        this.audit = audit;
        this.clock = clock;
        PendingKeys pendingKeys = new PendingKeys(database, apple.secrets(), clock);
        this.certificateSteps = new CertificateSteps(database, appStore, apple.certificateService(), apple.certificates(),
                apple.workflowRepository(), apple.slots(), pendingKeys, clock);
        this.profileSteps = new ProfileSteps(database, appStore, apple.profiles(), apple.workflowRepository(),
                apple.slots(), clock);
    }

    /** The services of Apple signing that automatic signing works through, as {@code SigningService} built them. */
    public record Apple(WorkflowService workflows, WorkflowSlots slots, WorkflowRepository workflowRepository,
                        CertificateService certificateService, CertificateRepository certificates,
                        ProfileService profiles, SecretBox secrets) {
    }

    /** "Set up signing": the certificates and the profile the workflow needs, reused or created; the workflow ready. */
    public AutomaticRun setUp(String workflowId, Actor actor) throws Refusal {
        return run(workflowId, RunKind.SET_UP, actor);
    }

    /** "Check now": renews what is due, regenerates profiles that no longer serve, deletes the service's zombies. */
    public AutomaticRun check(String workflowId, Actor actor) throws Refusal {
        return run(workflowId, RunKind.CHECK, actor);
    }

    /** The daily check of one workflow (see {@link DailyCheck}). */
    AutomaticRun dailyCheck(String workflowId, Actor actor) throws Refusal {
        return run(workflowId, RunKind.DAILY_CHECK, actor);
    }

    /**
     * Revokes one of the team's certificates of a type the workflow needs, the way out of the limit,
     * only when {@code confirmName} repeats its name exactly; the caller then sets up again.
     */
    public void revoke(String workflowId, String portalCertificateId, String confirmName, Actor actor) throws Refusal {
        if (portalCertificateId == null || portalCertificateId.isBlank()) {
            throw Refusal.badRequest("Field 'certificateId' is required: the id of the certificate to revoke, "
                    + "as the certificate limit listed it");
        }
        synchronized (lock(workflowId)) {
            Workflow workflow = automatic(workflows.detail(workflowId).workflow());
            Needs needs = Needs.of(workflow.distribution(), workflow.macCatalyst());
            PortalCertificate found = null;
            for (PortalCertificateType type : needs.certificates()) {
                for (PortalCertificate listed : appStore.certificates(workflow.connectKeyId(), type)) {
                    if (listed.id().equals(portalCertificateId)) {
                        found = listed;
                    }
                }
            }
            if (found == null) {
                throw Refusal.notFound("The team has no certificate with id " + portalCertificateId + " among the "
                        + needs.certificates().stream().map(type -> type.appleType().title()).collect(Collectors.joining(" and "))
                        + " certificates the workflow '" + workflow.name() + "' needs");
            }
            if (!found.name().equals(confirmName)) {
                throw Refusal.badRequest("Nothing was revoked: to revoke the certificate, confirm with its name exactly, '"
                        + found.name() + "'");
            }
            appStore.revokeCertificate(workflow.connectKeyId(), found.id());
            recordRevoke(found, workflow, actor);
        }
    }

    /** The workflow's runs, newest first. */
    public List<AutomaticRun> runs(String workflowId) {
        return database.read(c -> runs.list(c, workflowId, RUNS_SHOWN));
    }

    /** The workflow's newest run of that kind, without its steps: whether it was ever set up, when it was daily-checked. */
    Optional<AutomaticRun> latest(String workflowId, RunKind kind) {
        return database.read(c -> runs.latest(c, workflowId, kind));
    }

    private AutomaticRun run(String workflowId, RunKind kind, Actor actor) throws Refusal {
        synchronized (lock(workflowId)) {
            WorkflowView view = workflows.detail(workflowId);
            Workflow workflow = automatic(view.workflow());
            String keyName = connectKeys.get(workflow.connectKeyId()).name();
            Run run = new Run(kind, actor, clock.instant(), view, keyName);
            run.step(kind.title() + " of the workflow '" + workflow.name() + "' with the API key '" + keyName + "'");
            try {
                BundleId bundleId = bundleId(run);
                profileSteps.deleteZombies(run, bundleId);
                run.view(workflows.detail(workflowId));
                certificateSteps.ensure(run);
                profileSteps.ensure(run, bundleId);
                certificateSteps.retire(run);
                Readiness readiness = workflows.detail(workflowId).readiness();
                if (readiness.ready()) {
                    run.step("The workflow is ready");
                    return record(run, RunOutcome.SUCCEEDED);
                }
                run.step("The workflow is not ready: " + String.join(" ", readiness.problems()));
                return record(run, RunOutcome.FAILED);
            } catch (Refusal e) {
                run.step(e.getMessage());
                record(run, e.code() == ErrorCode.CERTIFICATE_LIMIT ? RunOutcome.CERTIFICATE_LIMIT : RunOutcome.FAILED);
                throw e;
            } catch (RuntimeException e) {
                run.step("The service failed: " + e.getMessage());
                record(run, RunOutcome.FAILED);
                throw e;
            }
        }
    }

    private BundleId bundleId(Run run) throws Refusal {
        String identifier = run.workflow().bundleId();
        BundleId bundleId = appStore.bundleId(run.connectKeyId(), identifier).orElseThrow(() -> Refusal.badRequest(
                "The team of the API key '" + run.keyName() + "' has no bundle ID " + identifier + "; register it in "
                        + "Apple's developer portal, or choose one of the team's bundle IDs for the workflow"));
        if (!MAC_PLATFORMS.contains(bundleId.platform())) {
            throw Refusal.badRequest("The bundle ID " + identifier + " is registered for " + bundleId.platform()
                    + "; a macOS app needs a macOS or universal bundle ID");
        }
        run.step("Found the bundle ID " + identifier + " ('" + bundleId.name() + "', " + bundleId.platform() + ")");
        return bundleId;
    }

    private AutomaticRun record(Run run, RunOutcome outcome) {
        AutomaticRun finished = run.finish(outcome, clock.instant());
        database.transaction(c -> {
            runs.insert(c, finished);
            audit.recordIn(c, AuditEntry.admin(run.actor(), AdminAction.WORKFLOW_AUTOMATIC_RUN, run.workflowId(),
                    run.workflow().name()).change(null, Map.of("kind", run.kind().wire(), "outcome", outcome.wire(),
                    "steps", String.join("\n", finished.steps()))));
            return null;
        });
        return finished;
    }

    /** Audits a revoke the admin confirmed; a certificate the service held leaves the certificates with it. */
    private void recordRevoke(PortalCertificate revoked, Workflow workflow, Actor actor) throws Refusal {
        Map<String, String> what = Map.of("portalId", revoked.id(), "reason", "revoked at the certificate limit "
                + "for workflow " + workflow.name());
        database.transaction(c -> {
            String sha1 = Fingerprints.sha1(Certificates.parse(revoked.content()));
            Optional<StoredCertificate> stored = certificates.findBySha1(c, sha1);
            if (stored.isPresent()) {
                certificateService.revoked(c, stored.get().id(), what, actor);
            } else {
                audit.recordIn(c, AuditEntry.admin(actor, AdminAction.CERTIFICATE_REVOKE, revoked.id(), revoked.name())
                        .certificate(sha1, revoked.name()).change(Map.of("name", revoked.name(), "serial",
                                revoked.serialNumber(), "type", revoked.type().name(), "expirationDate",
                                revoked.expirationDate().toString(), "portalId", revoked.id(), "reason", what.get("reason")),
                                null));
            }
            return null;
        });
    }

    private static Workflow automatic(Workflow workflow) throws Refusal {
        if (workflow.method() != SigningMethod.AUTOMATIC || workflow.connectKeyId() == null) {
            throw new Refusal(ErrorCode.CONFLICT, "The workflow '" + workflow.name() + "' uses manual signing; "
                    + "choose the automatic method and an App Store Connect API key for it first");
        }
        return workflow;
    }

    private Object lock(String workflowId) {
        return locks.computeIfAbsent(workflowId, id -> new Object());
    }
}
