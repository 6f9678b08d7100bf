package io.signingmanager.service.appstore.automatic;

import io.signingmanager.service.appstore.PortalCertificateType;
import java.util.List;

/**
 * The details of a {@code certificate_limit} refusal: the type Apple would not create another of, and
 * the team's certificates of that type, one of which an admin may revoke.
 */
public record CertificateLimit(PortalCertificateType type, List<LimitCertificate> certificates) {
    public CertificateLimit {
        certificates = List.copyOf(certificates);
    }
}
