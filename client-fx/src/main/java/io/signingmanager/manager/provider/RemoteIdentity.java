package io.signingmanager.manager.provider;

import java.security.cert.X509Certificate;
import java.util.List;

/** An identity of the Signing Service: its SHA-1 fingerprint (upper-case hex), name and chain, the leaf first. */
public record RemoteIdentity(String sha1, String commonName, List<X509Certificate> chain) {
    public RemoteIdentity {
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }
}
