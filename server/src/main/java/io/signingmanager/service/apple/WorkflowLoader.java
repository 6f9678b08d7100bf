package io.signingmanager.service.apple;

import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.service.certificates.Authorization;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.failure.Refusal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads workflows with what their slots hold, and makes their views with the readiness of now. */
final class WorkflowLoader {
    private final WorkflowRepository workflows;
    private final CertificateRepository certificates;
    private final ProfileService profiles;
    private final Clock clock;

    WorkflowLoader(WorkflowRepository workflows, CertificateRepository certificates, ProfileService profiles, Clock clock) {
        this.workflows = workflows;
        this.certificates = certificates;
        this.profiles = profiles;
        this.clock = clock;
    }

    Workflow require(Connection c, String id) throws SQLException, Refusal {
        return workflows.find(c, id).orElseThrow(() -> Refusal.notFound("No workflow with id " + id));
    }

    WorkflowContents contents(Connection c, Workflow workflow) throws SQLException {
        List<WorkflowExtension> extensions = workflows.extensions(c, workflow.id());
        Map<String, StoredProfile> extensionProfiles = new LinkedHashMap<>();
        for (WorkflowExtension extension : extensions) {
            StoredProfile profile = profile(c, extension.profileId());
            if (profile != null) {
                extensionProfiles.put(extension.bundleId(), profile);
            }
        }
        StoredCertificate application = certificate(c, workflow.applicationCertificateId());
        StoredCertificate installer = certificate(c, workflow.installerCertificateId());
        Map<IdentityRole, List<String>> fetchOnlyKeys = new EnumMap<>(IdentityRole.class);
        fetchOnlyKeys.put(IdentityRole.APPLICATION, fetchOnlyKeys(c, workflow, application));
        fetchOnlyKeys.put(IdentityRole.INSTALLER, fetchOnlyKeys(c, workflow, installer));
        return new WorkflowContents(workflow, extensions, application, installer, profile(c, workflow.profileId()),
                extensionProfiles, fetchOnlyKeys, workflow.connectKeyId() == null ? null
                        : workflows.connectKeyName(c, workflow.connectKeyId()).orElse(null));
    }

    private List<String> fetchOnlyKeys(Connection c, Workflow workflow, StoredCertificate certificate) throws SQLException {
        return certificate == null || certificate.allKeysAuthorized() ? List.of()
                : workflows.fetchOnlyKeyNames(c, workflow, certificate.id());
    }

    Readiness readiness(WorkflowContents contents) {
        return Readiness.of(contents, clock.instant());
    }

    WorkflowView view(Connection c, Workflow workflow) throws SQLException {
        WorkflowContents contents = contents(c, workflow);
        List<WorkflowView.ExtensionView> extensions = contents.extensions().stream()
                .map(e -> new WorkflowView.ExtensionView(e.bundleId(), contents.extensionProfiles().get(e.bundleId())))
                .toList();
        return new WorkflowView(workflow, authorization(c, workflow), SlotCertificate.of(contents.application()),
                SlotCertificate.of(contents.installer()), contents.profile(), extensions, readiness(contents));
    }

    Authorization authorization(Connection c, Workflow workflow) throws SQLException {
        return new Authorization(workflow.allKeysAuthorized(),
                workflow.allKeysAuthorized() ? List.of() : workflows.authorizedKeys(c, workflow.id()));
    }

    private StoredCertificate certificate(Connection c, String id) throws SQLException {
        return id == null ? null : certificates.find(c, id).orElse(null);
    }

    private StoredProfile profile(Connection c, String id) throws SQLException {
        return id == null ? null : profiles.find(c, id).orElse(null);
    }
}
