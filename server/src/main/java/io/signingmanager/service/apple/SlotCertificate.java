package io.signingmanager.service.apple;

import io.signingmanager.common.apple.AppleCertificate;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.service.certificates.StoredCertificate;
import java.time.Instant;

/** The certificate in a workflow slot, as its page and the API show it: which one, its Apple type and team. */
public record SlotCertificate(String id, String sha1, String commonName, AppleCertificateType type, String teamId,
                              Instant notAfter, boolean active) {

    static SlotCertificate of(StoredCertificate certificate) {
        if (certificate == null) {
            return null;
        }
        AppleCertificate apple = WorkflowContents.apple(certificate).orElse(null);
        return new SlotCertificate(certificate.id(), certificate.sha1(), certificate.commonName(),
                apple == null ? null : apple.type(), apple == null ? null : apple.teamId(), certificate.notAfter(),
                certificate.active());
    }
}
