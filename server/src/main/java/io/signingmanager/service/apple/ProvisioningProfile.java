package io.signingmanager.service.apple;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A provisioning profile's content, as read from its plist by {@link ProfileReader}.
 *
 * @param applicationIdentifier {@code TEAMID.bundle.id} from the entitlements; the bundle part may end in {@code *}
 * @param developerCertificates the certificates (DER) whose holders may sign with this profile
 * @param entitlements          the entitlements as plain values (strings, booleans, numbers, lists, maps)
 */
public record ProvisioningProfile(
        String uuid,
        String name,
        String teamId,
        String teamName,
        String appIdName,
        String applicationIdentifier,
        List<String> platforms,
        ProfileType type,
        Instant createdAt,
        Instant expiresAt,
        List<byte[]> developerCertificates,
        int deviceCount,
        Map<String, Object> entitlements) {

    /** Platform name for macOS in {@code Platform}. */
    public static final String MAC_OS = "OSX";

    /** The bundle identifier part of the application identifier, e.g. {@code com.example.app} or {@code *}. */
    public String bundleId() {
        return bundleIdOf(applicationIdentifier);
    }

    /** The part after the team ID of {@code TEAMID.bundle.id}; shared with {@link StoredProfile}. */
    static String bundleIdOf(String applicationIdentifier) {
        int dot = applicationIdentifier.indexOf('.');
        return dot < 0 ? applicationIdentifier : applicationIdentifier.substring(dot + 1);
    }

    public boolean macOS() {
        return platforms.contains(MAC_OS);
    }

    /** Whether this profile can sign the app {@code bundleId}: the same, or under its wildcard. */
    public boolean fits(String bundleId) {
        String pattern = bundleId();
        if (pattern.endsWith("*")) {
            return bundleId.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(bundleId);
    }

    /** The SHA-1 (lowercase hex, as the service names certificates) of each developer certificate. */
    public List<String> developerCertificateSha1s() {
        return developerCertificates.stream().map(der -> Fingerprints.sha1(Certificates.parse(der))).toList();
    }

    public boolean expiredAt(Instant now) {
        return expiredAt(expiresAt, now);
    }

    /** Expired at {@code now}: the expiry is not after it; shared with {@link StoredProfile}. */
    static boolean expiredAt(Instant expiresAt, Instant now) {
        return !expiresAt.isAfter(now);
    }
}
