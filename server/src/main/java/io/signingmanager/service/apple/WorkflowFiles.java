package io.signingmanager.service.apple;

import io.signingmanager.common.apple.AppleCertificate;
import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.common.protocol.SigningFiles;
import io.signingmanager.common.protocol.SigningFiles.SigningIdentity;
import io.signingmanager.common.protocol.SigningFiles.SigningProfile;
import io.signingmanager.common.protocol.WorkflowSummary;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What build machines get of workflows (the client protocol's answers, without its authentication
 * and audit): the workflows an API key may fetch with their readiness, and a ready workflow's
 * signing files. A workflow that is not ready serves nothing.
 */
public final class WorkflowFiles {
    private final Database database;
    private final WorkflowRepository workflows;
    private final WorkflowLoader loader;

    public WorkflowFiles(Database database, WorkflowRepository workflows, CertificateRepository certificates,
                         ProfileService profiles, Clock clock) {
        this.database = database;
        this.workflows = workflows;
        this.loader = new WorkflowLoader(workflows, certificates, profiles, clock);
    }

    /** The workflows {@code apiKeyId} may fetch, ready or not, each with the problems that keep it from being ready. */
    public List<WorkflowSummary> fetchable(String apiKeyId) {
        return database.read(c -> {
            List<WorkflowSummary> summaries = new ArrayList<>();
            for (Workflow workflow : workflows.listForApiKey(c, apiKeyId)) {
                Readiness readiness = loader.readiness(loader.contents(c, workflow));
                summaries.add(new WorkflowSummary(workflow.name(), workflow.bundleId(), workflow.distribution(),
                        readiness.ready(), readiness.problems()));
            }
            return summaries;
        });
    }

    /** The profiles and identities of the workflow named {@code name}, once {@code apiKeyId} may fetch it and it is ready. */
    public SigningFiles signingFiles(String name, String apiKeyId) throws Refusal {
        return database.read(c -> {
            Workflow workflow = workflows.findByName(c, name)
                    .orElseThrow(() -> Refusal.notFound("No workflow is named '" + name + "'"));
            if (!mayFetch(c, workflow, apiKeyId)) {
                throw new Refusal(ErrorCode.NOT_AUTHORIZED, "This client's API key may not fetch the workflow '"
                        + name + "'; an admin can allow it on the workflow's page");
            }
            WorkflowContents contents = loader.contents(c, workflow);
            Readiness readiness = loader.readiness(contents);
            if (!readiness.ready()) {
                throw new Refusal(ErrorCode.WORKFLOW_NOT_READY, "The workflow '" + name + "' is not ready: "
                        + readiness.problems().size() + (readiness.problems().size() == 1 ? " problem" : " problems")
                        + " to fix on its page").problems(readiness.problems());
            }
            return files(contents);
        });
    }

    private boolean mayFetch(Connection c, Workflow workflow, String apiKeyId) throws SQLException {
        return workflow.allKeysAuthorized() || loader.authorization(c, workflow).apiKeyIds().contains(apiKeyId);
    }

    private static SigningFiles files(WorkflowContents contents) {
        Workflow workflow = contents.workflow();
        List<SigningProfile> profiles = new ArrayList<>();
        profiles.add(profile(contents.profile(), workflow.bundleId()));
        for (WorkflowExtension extension : contents.extensions()) {
            profiles.add(profile(contents.extensionProfiles().get(extension.bundleId()), extension.bundleId()));
        }
        List<SigningIdentity> identities = new ArrayList<>();
        for (IdentityRole role : IdentityRole.values()) {
            StoredCertificate certificate = contents.certificate(role);
            if (certificate != null) {
                AppleCertificate apple = WorkflowContents.apple(certificate).orElseThrow();
                identities.add(new SigningIdentity(role, certificate.sha1(), certificate.commonName(), apple.type(),
                        apple.teamId()));
            }
        }
        return new SigningFiles(workflow.name(), workflow.bundleId(), workflow.distribution(), profiles, identities);
    }

    private static SigningProfile profile(StoredProfile profile, String bundleId) {
        return new SigningProfile(profile.uuid(), profile.name(), bundleId, profile.expiresAt(),
                Base64.getEncoder().encodeToString(profile.content()));
    }
}
