package io.signingmanager.common.protocol;

import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.apple.IdentityRole;
import java.time.Instant;
import java.util.List;

/**
 * What a build machine may hold to sign a workflow's app
 * ({@code GET /api/v1/client/workflows/{name}/signing-files}): the provisioning profiles, and the
 * identities it signs with remotely (certificates only; their keys stay in the service).
 */
public record SigningFiles(String workflow, String bundleId, Distribution distribution,
                           List<SigningProfile> profiles, List<SigningIdentity> identities) {

    /** A provisioning profile; {@code content} is the profile file in base64, byte for byte as uploaded. */
    public record SigningProfile(String uuid, String name, String bundleId, Instant expiresAt, String content) {
    }

    /** A signing identity of the workflow; sign with it by its SHA-1 like any other identity. */
    public record SigningIdentity(IdentityRole role, String sha1, String commonName, AppleCertificateType type,
                                  String teamId) {
    }
}
