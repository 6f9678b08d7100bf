package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.apple.IdentityRole;
import java.time.Instant;

/**
 * A workflow row: a named signing set-up for one app, and the ids in its certificate and profile
 * slots ({@code null} when empty). An automatic workflow names the App Store Connect API key the
 * service creates its certificates and profile with ({@code connectKeyId}, {@code null} for a manual
 * one); {@code macCatalyst} says its app is a Mac Catalyst app (App Store only: its profile is then
 * a Mac Catalyst one).
 */
public record Workflow(
        String id,
        String name,
        String bundleId,
        Distribution distribution,
        SigningMethod method,
        String connectKeyId,
        boolean macCatalyst,
        @JsonIgnore String applicationCertificateId,
        @JsonIgnore String installerCertificateId,
        @JsonIgnore String profileId,
        @JsonIgnore boolean allKeysAuthorized,
        Instant createdAt,
        Instant updatedAt) {

    /** The id in the certificate slot of {@code role}, or {@code null}. */
    public String certificateId(IdentityRole role) {
        return role == IdentityRole.APPLICATION ? applicationCertificateId : installerCertificateId;
    }

    /** The same workflow with {@code certificateId} in the certificate slot of {@code role}. */
    Workflow withCertificate(IdentityRole role, String certificateId, Instant now) {
        return new Workflow(id, name, bundleId, distribution, method, connectKeyId, macCatalyst,
                role == IdentityRole.APPLICATION ? certificateId : applicationCertificateId,
                role == IdentityRole.INSTALLER ? certificateId : installerCertificateId, profileId, allKeysAuthorized,
                createdAt, now);
    }

    /** The same workflow with {@code id} in the main profile slot. */
    Workflow withProfile(String id, Instant now) {
        return new Workflow(this.id, name, bundleId, distribution, method, connectKeyId, macCatalyst, applicationCertificateId,
                installerCertificateId, id, allKeysAuthorized, createdAt, now);
    }
}
