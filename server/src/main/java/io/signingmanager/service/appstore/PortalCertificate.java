package io.signingmanager.service.appstore;

import java.time.Instant;

/**
 * A certificate in the team's portal: Apple's resource id, its type, the name Apple shows, serial,
 * expiry, and the DER certificate ({@code certificateContent}).
 */
public record PortalCertificate(
        String id,
        PortalCertificateType type,
        String name,
        String serialNumber,
        Instant expirationDate,
        byte[] content) {
}
