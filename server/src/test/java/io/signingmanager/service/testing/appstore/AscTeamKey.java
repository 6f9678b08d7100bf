package io.signingmanager.service.testing.appstore;

import java.security.PublicKey;

/**
 * A team API key the double knows: what an admin would type into our service (Issuer ID, Key ID, the
 * {@code .p8} PEM), the team it reaches, its role, and the public half the double checks tokens with.
 */
public record AscTeamKey(String teamId, String teamName, String issuerId, String keyId, String p8, AscRole role,
                         PublicKey publicKey) {
    @Override
    public String toString() {
        return "AscTeamKey[teamId=" + teamId + ", keyId=" + keyId + ", issuerId=" + issuerId + ", role=" + role + ", p8=(hidden)]";
    }
}
