package io.signingmanager.manager.provider;

import io.signingmanager.manager.connection.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Key;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The remote identities as a read-only key store: one key entry per identity, its alias the SHA-1
 * fingerprint (any case; a unique common name finds it too). It has no file: load it with a
 * {@code null} stream ({@code jarsigner -keystore NONE}); no password is needed.
 */
final class RemoteKeyStore extends KeyStoreSpi {
    private final SigningRoute route;
    private Map<String, RemoteIdentity> identities = Map.of();

    RemoteKeyStore(SigningRoute route) {
        this.route = route;
    }

    @Override
    public void engineLoad(InputStream stream, char[] password) throws IOException {
        if (stream != null) {
            throw new IOException("The SigningManager key store has no file: its identities live on the Signing Service. "
                    + "Load it without a stream (jarsigner: -keystore NONE).");
        }
        Map<String, RemoteIdentity> loaded = new LinkedHashMap<>();
        try {
            for (RemoteIdentity identity : route.identities()) {
                loaded.put(identity.sha1().toUpperCase(Locale.ROOT), identity);
            }
        } catch (Problem problem) {
            throw new IOException(problem.describe(), problem);
        }
        identities = loaded;
    }

    @Override
    public Key engineGetKey(String alias, char[] password) {
        RemoteIdentity identity = find(alias);
        return identity == null ? null : RemotePrivateKey.of(identity, route);
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        RemoteIdentity identity = find(alias);
        return identity == null ? null : identity.chain().toArray(new Certificate[0]);
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        RemoteIdentity identity = find(alias);
        return identity == null ? null : identity.leaf();
    }

    @Override
    public Date engineGetCreationDate(String alias) {
        RemoteIdentity identity = find(alias);
        return identity == null ? null : identity.leaf().getNotBefore();
    }

    @Override
    public Enumeration<String> engineAliases() {
        return Collections.enumeration(identities.keySet());
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return find(alias) != null;
    }

    @Override
    public int engineSize() {
        return identities.size();
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return find(alias) != null;
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return false;
    }

    @Override
    public String engineGetCertificateAlias(Certificate certificate) {
        return identities.entrySet().stream().filter(entry -> entry.getValue().leaf().equals(certificate))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) throws KeyStoreException {
        throw readOnly();
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        throw readOnly();
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate certificate) throws KeyStoreException {
        throw readOnly();
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        throw readOnly();
    }

    @Override
    public void engineStore(OutputStream stream, char[] password) throws IOException {
        throw new IOException("The SigningManager key store cannot be saved: its identities live on the Signing Service.");
    }

    private RemoteIdentity find(String alias) {
        if (alias == null) {
            return null;
        }
        RemoteIdentity bySha1 = identities.get(alias.toUpperCase(Locale.ROOT));
        if (bySha1 != null) {
            return bySha1;
        }
        List<RemoteIdentity> byName = identities.values().stream()
                .filter(identity -> identity.commonName().equals(alias)).toList();
        return byName.size() == 1 ? byName.get(0) : null;
    }

    private static KeyStoreException readOnly() {
        return new KeyStoreException("The SigningManager key store is read-only: manage certificates on the Signing Service.");
    }
}
