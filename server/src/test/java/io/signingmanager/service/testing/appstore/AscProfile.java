package io.signingmanager.service.testing.appstore;

import io.signingmanager.service.appstore.PortalProfileType;
import java.time.Instant;
import java.util.List;

/**
 * A provisioning profile in a team's portal: Apple's id, name, type, {@code state} ({@code ACTIVE} or
 * {@code INVALID}), the UUID in its file, the bundle ID's resource id, the certificates' ids, dates, the
 * file, and whether it is a zombie (listed, but 404 when read).
 */
public record AscProfile(String id, String teamId, String name, PortalProfileType type, String state, String uuid,
                         String bundleIdResourceId, List<String> certificateIds, Instant createdDate,
                         Instant expirationDate, byte[] content, boolean zombie) {
    public static final String ACTIVE = "ACTIVE";
    public static final String INVALID = "INVALID";

    public boolean active() {
        return ACTIVE.equals(state);
    }

    AscProfile zombified() {
        return new AscProfile(id, teamId, name, type, state, uuid, bundleIdResourceId, certificateIds, createdDate,
                expirationDate, content, true);
    }

    AscProfile invalid() {
        return new AscProfile(id, teamId, name, type, INVALID, uuid, bundleIdResourceId, certificateIds, createdDate,
                expirationDate, content, zombie);
    }
}
