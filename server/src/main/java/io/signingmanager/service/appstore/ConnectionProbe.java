package io.signingmanager.service.appstore;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.failure.Refusal;
import java.util.List;

/**
 * "Test connection": lists the team's bundle IDs and certificates, then asks for a certificate with an
 * empty CSR. Apple checks the role before the body, so a 403 there means the role cannot create
 * certificates and any other refusal means it can. Each failure is said in words: a wrong or revoked
 * key, a role that cannot read or create certificates, Apple out of reach.
 */
final class ConnectionProbe {
    private final AppStoreConnect appStoreConnect;

    ConnectionProbe(AppStoreConnect appStoreConnect) {
        this.appStoreConnect = appStoreConnect;
    }

    ConnectionTest test(String connectKeyId) throws Refusal {
        List<BundleId> bundleIds;
        try {
            bundleIds = appStoreConnect.bundleIds(connectKeyId);
            appStoreConnect.certificates(connectKeyId, PortalCertificateType.MAC_APP_DISTRIBUTION);
        } catch (Refusal refusal) {
            return failed(connectKeyId, null, refusal);
        }
        int count = bundleIds.size();
        ConnectHttp.Answer probe;
        try {
            probe = appStoreConnect.probeCertificateCreation(connectKeyId);
        } catch (Refusal refusal) {
            return failed(connectKeyId, count, refusal);
        }
        ConnectKey key = appStoreConnect.keys().get(connectKeyId);
        String reaches = "The key reaches " + team(key) + " and lists its " + count
                + (count == 1 ? " bundle ID" : " bundle IDs") + " and certificates";
        if (probe.status() == 403) {
            return new ConnectionTest(false, key.teamId(), key.teamName(), count, reaches + ", but its role may not "
                    + "create certificates: automatic signing needs a key with the Admin role ("
                    + AppleErrors.described(probe.status(), probe.body()) + ")");
        }
        if (probe.status() == 401) {
            return new ConnectionTest(false, key.teamId(), key.teamName(), count,
                    AppleErrors.refusal(key, "create certificates", probe.status(), probe.body()).getMessage());
        }
        if (probe.ok()) {
            // Apple made a certificate of an empty request: not what it does, but nothing of ours may hold it.
            String id = probe.body().path("data").path("id").asText("");
            if (!id.isEmpty()) {
                appStoreConnect.revokeCertificate(connectKeyId, id);
            }
        }
        return new ConnectionTest(true, key.teamId(), key.teamName(), count,
                reaches + ", and its role may create certificates and profiles: it is ready for automatic signing.");
    }

    private ConnectionTest failed(String connectKeyId, Integer bundleIds, Refusal refusal) throws Refusal {
        if (refusal.code() != ErrorCode.INVALID_CONNECT_KEY && refusal.code() != ErrorCode.APP_STORE_CONNECT) {
            throw refusal;
        }
        ConnectKey key = appStoreConnect.keys().get(connectKeyId);
        return new ConnectionTest(false, key.teamId(), key.teamName(), bundleIds, refusal.getMessage());
    }

    private static String team(ConnectKey key) {
        if (key.teamId() == null) {
            return "its team";
        }
        return "the team " + (key.teamName() == null ? key.teamId() : key.teamName() + " (" + key.teamId() + ")");
    }
}
