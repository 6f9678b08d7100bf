package io.signingmanager.service.appstore;

import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.storage.Database;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The App Store Connect API client, by our key's id ({@link ConnectKey#id()}). Errors: a 401 (after
 * one retry with a fresh token) or a 403 is {@code invalid_connect_key} saying what failed; Apple's
 * certificate limit is {@code certificate_limit}; any other Apple error, a timeout or an unreachable
 * host is {@code app_store_connect}, quoting Apple's detail.
 */
public final class AppStoreConnect {
    private final SealedConnectKeys keys;
    private final URI baseUrl;
    private final Clock clock;

    public AppStoreConnect(Database database, SecretBox secrets, URI baseUrl, Clock clock) {
        this.keys = new SealedConnectKeys(database, new ConnectKeyRepository(), secrets);
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    SealedConnectKeys keys() {
        return keys;
    }

    /** Every bundle ID of the key's team, every page. */
    public List<BundleId> bundleIds(String connectKeyId) throws Refusal {
        throw notYet();
    }

    /** The bundle ID with exactly this identifier (Apple's filter also returns {@code identifier.*}), every page. */
    public Optional<BundleId> bundleId(String connectKeyId, String identifier) throws Refusal {
        throw notYet();
    }

    public List<PortalCertificate> certificates(String connectKeyId, PortalCertificateType type) throws Refusal {
        throw notYet();
    }

    /** Apple's 409 "You already have a current ..." is {@code certificate_limit}, the message in words. */
    public PortalCertificate createCertificate(String connectKeyId, PortalCertificateType type, String csrPem)
            throws Refusal {
        throw notYet();
    }

    public void revokeCertificate(String connectKeyId, String portalCertificateId) throws Refusal {
        throw notYet();
    }

    /** That bundle ID's profiles, with their content. */
    public List<PortalProfile> profiles(String connectKeyId, BundleId bundleId) throws Refusal {
        throw notYet();
    }

    /** The ids of the profile's certificates; empty when Apple answers 404 for a profile it lists (a zombie). */
    public Optional<List<String>> profileCertificateIds(String connectKeyId, String portalProfileId) throws Refusal {
        throw notYet();
    }

    public PortalProfile createProfile(String connectKeyId, String name, PortalProfileType type, BundleId bundleId,
                                       List<String> portalCertificateIds) throws Refusal {
        throw notYet();
    }

    /** Deletes the profile; one Apple no longer has counts as deleted. */
    public void deleteProfile(String connectKeyId, String portalProfileId) throws Refusal {
        throw notYet();
    }

    private static Refusal notYet() {
        return new Refusal(io.signingmanager.common.protocol.ErrorCode.APP_STORE_CONNECT,
                "The App Store Connect client is not built yet");
    }
}
