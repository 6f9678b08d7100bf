package io.signingmanager.service.appstore;

import io.signingmanager.service.failure.Refusal;

/** "Test connection": what a key can do, found by listing and by a certificate request Apple must refuse. */
final class ConnectionProbe {
    private final AppStoreConnect appStoreConnect;

    ConnectionProbe(AppStoreConnect appStoreConnect) {
        this.appStoreConnect = appStoreConnect;
    }

    ConnectionTest test(String connectKeyId) throws Refusal {
        appStoreConnect.bundleIds(connectKeyId);
        throw new IllegalStateException("not built yet");
    }
}
