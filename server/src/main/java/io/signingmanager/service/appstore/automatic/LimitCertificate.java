package io.signingmanager.service.appstore.automatic;

import io.signingmanager.service.appstore.PortalCertificateType;
import java.time.Instant;

/**
 * A certificate of the team at the limit: Apple's id (what a revoke names), its type, the name Apple
 * shows (what the revoke's confirmation must repeat), serial, expiry, and whether the service holds its key.
 */
public record LimitCertificate(String portalId, PortalCertificateType type, String name, String serialNumber,
                               Instant expirationDate, boolean keyHeld) {
}
