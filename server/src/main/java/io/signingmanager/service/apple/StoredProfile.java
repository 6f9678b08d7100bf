package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.signingmanager.service.failure.Refusal;
import java.time.Instant;
import java.util.List;

/**
 * A provisioning profile row: the fields read at upload, and the file byte for byte.
 *
 * @param content the file as uploaded; {@code null} in lists ({@link ProfileRepository#list}), which do not read it
 */
public record StoredProfile(
        String id,
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
        Instant uploadedAt,
        @JsonIgnore byte[] content) {

    /** The bundle identifier part of the application identifier, e.g. {@code com.example.app} or {@code *}. */
    public String bundleId() {
        return ProvisioningProfile.bundleIdOf(applicationIdentifier);
    }

    /**
     * The name Apple's tools expect the file under: {@code <UUID>.provisionprofile} for macOS (as build
     * machines save it), {@code <UUID>.mobileprovision} for iOS and the other platforms.
     */
    public String fileName() {
        return uuid + (platforms.contains(ProvisioningProfile.MAC_OS) ? ".provisionprofile" : ".mobileprovision");
    }

    public boolean expiredAt(Instant now) {
        return ProvisioningProfile.expiredAt(expiresAt, now);
    }

    /**
     * The whole profile read again from its file (developer certificates, entitlements, devices). The
     * file was read once already when it was stored, so a failure here is the service's, not the caller's.
     */
    public ProvisioningProfile parsed() {
        if (content == null) {
            throw new IllegalStateException("The profile " + id + " was read without its file");
        }
        try {
            return ProfileReader.read(content);
        } catch (Refusal e) {
            throw new IllegalStateException("The stored profile " + id + " cannot be read again: " + e.getMessage(), e);
        }
    }
}
