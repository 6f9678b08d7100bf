package io.signingmanager.service.appstore;

import java.time.Instant;

/**
 * A provisioning profile in the team's portal: Apple's resource id, name, type, whether Apple still
 * calls it active ({@code profileState} {@code ACTIVE}; {@code INVALID} once a certificate or the app
 * ID changed), the UUID in the file, expiry, and the profile file itself ({@code profileContent}).
 */
public record PortalProfile(
        String id,
        String name,
        PortalProfileType type,
        boolean active,
        String uuid,
        Instant expirationDate,
        byte[] content) {
}
