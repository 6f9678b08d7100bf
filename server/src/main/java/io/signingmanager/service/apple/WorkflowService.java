package io.signingmanager.service.apple;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.appstore.BundleId;
import io.signingmanager.service.appstore.ConnectKey;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Workflows: create, change, delete, who may fetch them, and their views with readiness. What their
 * slots hold is {@link WorkflowSlots}' business (for an automatic workflow, automatic signing's); an
 * automatic workflow's API key and bundle ID are {@link AutomaticSettings}' to check. Admins change, every user views; each change is
 * audited in its own transaction.
 */
public final class WorkflowService {
    private final Database database;
    private final WorkflowRepository workflows;
    private final WorkflowLoader loader;
    private final ApiKeyService apiKeys;
    private final AutomaticSettings automatic;
    private final AuditLog audit;
    private final Clock clock;

    public WorkflowService(Database database, WorkflowRepository workflows, CertificateRepository certificates,
                           ProfileService profiles, ApiKeyService apiKeys, AutomaticSettings automatic, AuditLog audit,
                           Clock clock) {
        this.database = database;
        this.workflows = workflows;
        this.loader = new WorkflowLoader(workflows, certificates, profiles, clock);
        this.apiKeys = apiKeys;
        this.automatic = automatic;
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

    /**
     * A new workflow with empty slots, which every API key may fetch once it is ready. An automatic one's
     * API key and bundle ID are checked with App Store Connect first; its slots fill when signing is set up.
     */
    public WorkflowView create(WorkflowFields fields, Actor actor) throws Refusal {
        String name = WorkflowInput.name(fields.name());
        String bundleId = WorkflowInput.bundleId("bundleId", fields.bundleId());
        Distribution distribution = WorkflowInput.distribution(fields.distribution());
        SigningMethod method = fields.method() == null ? SigningMethod.MANUAL : WorkflowInput.method(fields.method());
        boolean macCatalyst = WorkflowInput.macCatalyst(Boolean.TRUE.equals(fields.macCatalyst()), distribution);
        String connectKeyId = connectKeyId(method, fields.connectKeyId(), bundleId, null);
        Map<String, String> keyNames = keyNames();
        Instant now = clock.instant();
        Workflow workflow = new Workflow(UUID.randomUUID().toString(), name, bundleId, distribution, method, connectKeyId,
                macCatalyst, null, null, null, true, now, now);
        return database.transaction(c -> {
            requireUnusedName(c, name, null);
            try {
                workflows.insert(c, workflow);
            } catch (SQLException e) {
                throw conflictIfNameTaken(e, name);
            }
            audit.recordIn(c, entry(actor, AdminAction.WORKFLOW_CREATE, workflow)
                    .change(null, described(workflow, keyNames)));
            return loader.view(c, workflow);
        });
    }

    /**
     * Changes its fields; the slots stay and the checklist tells what no longer fits. Switching an
     * automatic workflow to manual keeps the certificates and profile it has and clears its API key.
     */
    public WorkflowView update(String id, WorkflowFields fields, Actor actor) throws Refusal {
        String name = fields.name() == null ? null : WorkflowInput.name(fields.name());
        String sentBundleId = fields.bundleId() == null ? null : WorkflowInput.bundleId("bundleId", fields.bundleId());
        Distribution sentDistribution = fields.distribution() == null ? null
                : WorkflowInput.distribution(fields.distribution());
        SigningMethod sentMethod = fields.method() == null ? null : WorkflowInput.method(fields.method());
        Workflow current = database.read(c -> loader.require(c, id));
        String bundleId = sentBundleId == null ? current.bundleId() : sentBundleId;
        Distribution distribution = sentDistribution == null ? current.distribution() : sentDistribution;
        SigningMethod method = sentMethod == null ? current.method() : sentMethod;
        boolean macCatalyst = WorkflowInput.macCatalyst(fields.macCatalyst() == null ? current.macCatalyst()
                : fields.macCatalyst(), distribution);
        String connectKeyId = connectKeyId(method, fields.connectKeyId(), bundleId, current);
        Map<String, String> keyNames = keyNames();
        return database.transaction(c -> {
            Workflow before = loader.require(c, id);
            if (name != null) {
                requireUnusedName(c, name, id);
            }
            Workflow after = new Workflow(id, name == null ? before.name() : name, bundleId, distribution, method,
                    connectKeyId, macCatalyst, before.applicationCertificateId(), before.installerCertificateId(),
                    before.profileId(), before.allKeysAuthorized(), before.createdAt(), clock.instant());
            try {
                workflows.update(c, after, after.updatedAt());
            } catch (SQLException e) {
                throw conflictIfNameTaken(e, after.name());
            }
            audit.recordIn(c, entry(actor, AdminAction.WORKFLOW_UPDATE, after)
                    .change(described(before, keyNames), described(after, keyNames)));
            return loader.view(c, after);
        });
    }

    /** The App Store Connect API keys an automatic workflow may name. */
    public List<ConnectKey> connectKeys() {
        return automatic.keys();
    }

    /** The bundle IDs of the API key's team a macOS app can be signed for, by identifier (asks App Store Connect). */
    public List<BundleId> macBundleIds(String connectKeyId) throws Refusal {
        return automatic.macBundleIds(connectKeyId);
    }

    /**
     * The API key the workflow will sign with: none for a manual one; for an automatic one the key sent
     * (else the one it has), with the bundle ID checked with App Store Connect unless neither changed.
     */
    private String connectKeyId(SigningMethod method, String sent, String bundleId, Workflow current) throws Refusal {
        if (method == SigningMethod.MANUAL) {
            if (sent != null && !sent.isBlank()) {
                throw Refusal.badRequest("Field 'connectKeyId' is for the automatic method only: a manual workflow's "
                        + "certificates and profiles are uploaded or chosen");
            }
            return null;
        }
        String wanted = sent == null && current != null ? current.connectKeyId() : sent;
        boolean unchanged = current != null && current.method() == SigningMethod.AUTOMATIC
                && bundleId.equals(current.bundleId()) && wanted != null && wanted.trim().equals(current.connectKeyId());
        return unchanged ? current.connectKeyId() : automatic.requireBundleId(wanted, bundleId).id();
    }

    private Map<String, String> keyNames() {
        return automatic.keys().stream().collect(Collectors.toMap(ConnectKey::id, ConnectKey::name));
    }

    /** Deletes the workflow; its certificates and profiles stay, as other workflows may use them. */
    public void delete(String id, Actor actor) throws Refusal {
        Map<String, String> keyNames = keyNames();
        database.transaction(c -> {
            Workflow workflow = loader.require(c, id);
            workflows.delete(c, id);
            audit.recordIn(c, entry(actor, AdminAction.WORKFLOW_DELETE, workflow)
                    .change(described(workflow, keyNames), null));
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

    /** The fields as the audit shows them, the API key by its name. */
    private static Map<String, String> described(Workflow workflow, Map<String, String> keyNames) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", workflow.name());
        fields.put("bundleId", workflow.bundleId());
        fields.put("distribution", workflow.distribution().wire());
        fields.put("method", workflow.method().wire());
        if (workflow.connectKeyId() != null) {
            fields.put("connectKey", keyNames.getOrDefault(workflow.connectKeyId(), workflow.connectKeyId()));
        }
        fields.put("macCatalyst", Boolean.toString(workflow.macCatalyst()));
        return fields;
    }
}
