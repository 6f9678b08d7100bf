package io.signingmanager.service.certificates;

import io.signingmanager.service.signing.SigningKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** What a valid {@code .p12} holds: one key and its chain, leaf first. */
record ImportedIdentity(SigningKey key, List<X509Certificate> chain) {
    X509Certificate leaf() {
        return chain.get(0);
    }
}
