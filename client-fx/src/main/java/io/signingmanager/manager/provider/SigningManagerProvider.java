package io.signingmanager.manager.provider;

import java.security.Provider;
import java.util.List;
import java.util.Map;

/**
 * The remote identities for Java tools: a {@code KeyStore} of type {@value #KEYSTORE_TYPE} whose
 * keys sign through this provider's {@code Signature} objects, digests only crossing the network.
 * With no argument (as {@code jarsigner -providerClass} makes it) it signs through the running
 * agent, or else straight through the service with the Signing Manager's saved settings.
 */
public final class SigningManagerProvider extends Provider {
    public static final String NAME = "SigningManager";
    public static final String KEYSTORE_TYPE = "SigningManager";
    private static final long serialVersionUID = 1L;

    public SigningManagerProvider() {
        this(new DetectedRoute());
    }

    public SigningManagerProvider(SigningRoute route) {
        super(NAME, "1.0", "Signing Manager: keys that stay on the Signing Service");
        putService(new KeyStoreService(this, route));
        for (SignatureName name : SignatureName.values()) {
            putService(new SignatureService(this, name));
        }
    }

    private static final class KeyStoreService extends Service {
        private final transient SigningRoute route;

        KeyStoreService(Provider provider, SigningRoute route) {
            super(provider, "KeyStore", KEYSTORE_TYPE, RemoteKeyStore.class.getName(), List.of(), Map.of());
            this.route = route;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return new RemoteKeyStore(route);
        }
    }

    /** Chosen, under delayed provider selection, only for this provider's remote keys. */
    private static final class SignatureService extends Service {
        private final SignatureName name;

        SignatureService(Provider provider, SignatureName name) {
            super(provider, "Signature", name.jcaName(), RemoteSignature.class.getName(), name.aliases(), Map.of());
            this.name = name;
        }

        @Override
        public Object newInstance(Object constructorParameter) {
            return new RemoteSignature(name);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return parameter instanceof RemotePrivateKey;
        }
    }
}
