package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.signingmanager.service.certificates.Authorization;
import java.util.List;

/**
 * A workflow as the admin API and its pages show it: its fields, who may fetch it, what its slots
 * hold (an empty slot is {@code null}), and its readiness checklist made at read time.
 */
public record WorkflowView(
        @JsonUnwrapped Workflow workflow,
        Authorization authorization,
        SlotCertificate applicationCertificate,
        SlotCertificate installerCertificate,
        StoredProfile profile,
        List<ExtensionView> extensions,
        Readiness readiness) {

    /** An app extension and the profile in its slot ({@code null} when empty). */
    public record ExtensionView(String bundleId, StoredProfile profile) {
    }
}
