package io.signingmanager.service.testing.appstore;

import io.signingmanager.service.appstore.PortalCertificateType;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** A certificate in a team's portal, as the double holds it; revoked ones stay here but leave Apple's lists. */
public record AscCertificate(String id, String teamId, PortalCertificateType type, String name, String serialNumber,
                             Instant expirationDate, X509Certificate certificate, boolean revoked) {
    AscCertificate revoke() {
        return new AscCertificate(id, teamId, type, name, serialNumber, expirationDate, certificate, true);
    }

    AscCertificate reissued(X509Certificate reissued) {
        return new AscCertificate(id, teamId, type, name, serialNumber, reissued.getNotAfter().toInstant(), reissued, revoked);
    }
}
