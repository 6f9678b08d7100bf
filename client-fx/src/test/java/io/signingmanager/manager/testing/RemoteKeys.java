package io.signingmanager.manager.testing;

import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.filesign.SigningKey;
import io.signingmanager.manager.provider.RemotePrivateKey;
import io.signingmanager.manager.provider.ServiceRoute;
import io.signingmanager.manager.provider.SigningManagerProvider;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/** Remote keys as the FileSigner makes them, for tests of one format's signer. */
public final class RemoteKeys {
    private RemoteKeys() {
    }

    /** The key of that identity through the manager's service, its signatures audited as signing {@code file} in {@code format}. */
    public static SigningKey of(Manager manager, String sha1, Path file, String format) throws Exception {
        Provider provider = new SigningManagerProvider(new ServiceRoute(manager));
        KeyStore identities = KeyStore.getInstance(SigningManagerProvider.KEYSTORE_TYPE, provider);
        identities.load(null, null);
        RemotePrivateKey key = (RemotePrivateKey) identities.getKey(sha1, null);
        List<X509Certificate> chain = Arrays.stream(identities.getCertificateChain(sha1)).map(X509Certificate.class::cast).toList();
        return new SigningKey(key.withContext(new SignContext(file.getFileName().toString(), SignAudit.sha256(file), format,
                null)), chain, provider);
    }
}
