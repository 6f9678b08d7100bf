package io.signingmanager.service.apple;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.certificates.Authorization;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Workflows: create, change, delete, who may fetch them, and their views with readiness. What their
 * slots hold is {@link WorkflowSlots}' business. Admins change, every user views; each change is
 * audited in its own transaction.
 */
public final class WorkflowService {
    /** Why the automatic method cannot be chosen yet; the create form shows it next to the disabled choice. */
    public static final String AUTOMATIC_LATER = "The automatic signing method comes with App Store Connect API keys, "
            + "in a later version; choose the manual method and upload the certificates and profiles";

    private final Database database;
    private final WorkflowRepository workflows;
    private final WorkflowLoader loader;
    private final ApiKeyService apiKeys;
    private final AuditLog audit;
    private final Clock clock;

    public WorkflowService(Database database, WorkflowRepository workflows, CertificateRepository certificates,
                           ProfileService profiles, ApiKeyService apiKeys, AuditLog audit, Clock clock) {
        this.database = database;
        this.workflows = workflows;
        this.loader = new WorkflowLoader(workflows, certificates, profiles, clock);
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.clock = clock;
    }

    public List<WorkflowView> list() {
        return database.read(c -> {
            List<WorkflowView> views = new ArrayList<>();
            for (Workflow workflow : workflows.list(c)) {
                views.add(loader.view(c, workflow));
            }
            return views;
        });
    }

    public WorkflowView detail(String id) throws Refusal {
        return database.read(c -> loader.view(c, loader.require(c, id)));
    }

    /** A new manual workflow with empty slots, which every API key may fetch once it is ready. */
    public WorkflowView create(WorkflowFields fields, Actor actor) throws Refusal {
        String name = WorkflowInput.name(fields.name());
        String bundleId = WorkflowInput.bundleId("bundleId", fields.bundleId());
        Distribution distribution = WorkflowInput.distribution(fields.distribution());
        SigningMethod method = WorkflowInput.method(fields.method());
        Instant now = clock.instant();
        Workflow workflow = new Workflow(UUID.randomUUID().toString(), name, bundleId, distribution, method, null, null,
                null, true, now, now);
        return database.transaction(c -> {
            requireUnusedName(c, name, null);
            try {
                workflows.insert(c, workflow);
            } catch (SQLException e) {
                throw conflictIfNameTaken(e, name);
            }
            audit.recordIn(c, entry(actor, AdminAction.WORKFLOW_CREATE, workflow).change(null, described(workflow)));
            return loader.view(c, workflow);
        });
    }

    /** Renames it, or changes its bundle ID or distribution; the slots stay and the checklist tells what no longer fits. */
    public WorkflowView update(String id, WorkflowFields fields, Actor actor) throws Refusal {
        String name = fields.name() == null ? null : WorkflowInput.name(fields.name());
        String bundleId = fields.bundleId() == null ? null : WorkflowInput.bundleId("bundleId", fields.bundleId());
        Distribution distribution = fields.distribution() == null ? null : WorkflowInput.distribution(fields.distribution());
        if (fields.method() != null) {
            WorkflowInput.method(fields.method());
        }
        return database.transaction(c -> {
            Workflow before = loader.require(c, id);
            if (name != null) {
                requireUnusedName(c, name, id);
            }
            Workflow after = new Workflow(id, name == null ? before.name() : name,
                    bundleId == null ? before.bundleId() : bundleId,
                    distribution == null ? before.distribution() : distribution, before.method(),
                    before.applicationCertificateId(), before.installerCertificateId(), before.profileId(),
                    before.allKeysAuthorized(), before.createdAt(), clock.instant());
            try {
                workflows.update(c, after, after.updatedAt());
            } catch (SQLException e) {
                throw conflictIfNameTaken(e, after.name());
            }
            audit.recordIn(c, entry(actor, AdminAction.WORKFLOW_UPDATE, after).change(described(before), described(after)));
            return loader.view(c, after);
        });
    }

    /** Deletes the workflow; its certificates and profiles stay, as other workflows may use them. */
    public void delete(String id, Actor actor) throws Refusal {
        database.transaction(c -> {
            Workflow workflow = loader.require(c, id);
            workflows.delete(c, id);
            audit.recordIn(c, entry(actor, AdminAction.WORKFLOW_DELETE, workflow).change(described(workflow), null));
            return null;
        });
    }

    public Authorization authorization(String id) throws Refusal {
        return database.read(c -> loader.authorization(c, loader.require(c, id)));
    }

    /** Which API keys may fetch the workflow: all, or the listed ones. */
    public Authorization authorize(String id, boolean all, List<String> apiKeyIds, Actor actor) throws Refusal {
        List<String> distinct = Authorization.knownKeys(apiKeys, apiKeyIds);
        Map<String, String> names = Authorization.keyNames(apiKeys);
        return database.transaction(c -> {
            Workflow workflow = loader.require(c, id);
            Authorization before = loader.authorization(c, workflow);
            workflows.setAuthorizedKeys(c, id, all, all ? List.of() : distinct);
            Authorization after = loader.authorization(c, loader.require(c, id));
            audit.recordIn(c, entry(actor, AdminAction.WORKFLOW_AUTHORIZE, workflow)
                    .change(before.described(names), after.described(names)));
            return after;
        });
    }

    private void requireUnusedName(Connection c, String name, String exceptId) throws SQLException, Refusal {
        var existing = workflows.findByName(c, name);
        if (existing.isPresent() && !existing.get().id().equals(exceptId)) {
            throw nameTaken(name);
        }
    }

    /**
     * Creates and renames that pass {@link #requireUnusedName} at once meet the table's unique name when they
     * write: the same conflict; any other failure stays the database's.
     */
    private static Refusal conflictIfNameTaken(SQLException e, String name) throws SQLException {
        if (!Sql.uniqueViolation(e)) {
            throw e;
        }
        return nameTaken(name);
    }

    private static Refusal nameTaken(String name) {
        return new Refusal(ErrorCode.CONFLICT, "A workflow named '" + name + "' exists already; choose another name");
    }

    static AuditEntry entry(Actor actor, AdminAction action, Workflow workflow) {
        return AuditEntry.admin(actor, action, workflow.id(), workflow.name());
    }

    private static Map<String, String> described(Workflow workflow) {
        return Map.of("name", workflow.name(), "bundleId", workflow.bundleId(),
                "distribution", workflow.distribution().wire(), "method", workflow.method().wire());
    }
}
