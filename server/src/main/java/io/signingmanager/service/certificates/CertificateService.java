package io.signingmanager.service.certificates;

import io.signingmanager.common.apple.AppleCertificate;
import io.signingmanager.common.crypto.CertificateDescription;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.crypto.HashAlgorithm;
import io.signingmanager.common.crypto.KeyType;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.RequestType;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.SecretBox;
import io.signingmanager.service.signing.SignatureEngine;
import io.signingmanager.service.signing.SigningKey;
import io.signingmanager.service.storage.Database;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Signing certificates: import, replace, status, authorizations, test signature, and their keys for signing. */
public final class CertificateService {
    private final Database database;
    private final CertificateRepository certificates;
    private final ApiKeyService apiKeys;
    private final SecretBox secrets;
    private final AuditLog audit;
    private final Clock clock;
    // Unsealed keys by certificate id, valid while the row's updated_at is unchanged (an "Edit" changes it).
    private final Map<String, CachedKey> keys = new ConcurrentHashMap<>();

    private record CachedKey(Instant version, SigningKey key) {
    }

    public CertificateService(Database database, CertificateRepository certificates, ApiKeyService apiKeys,
                              SecretBox secrets, AuditLog audit, Clock clock) {
        this.database = database;
        this.certificates = certificates;
        this.apiKeys = apiKeys;
        this.secrets = secrets;
        this.audit = audit;
        this.clock = clock;
    }

    public CertificateView importP12(byte[] file, String password, Actor actor) throws Refusal {
        String id = database.transaction(c -> importIn(c, file, password, actor)).id();
        return detail(id, true);
    }

    /**
     * Imports within the caller's transaction, audited there too: a workflow slot's upload, which
     * keeps nothing when the slot then refuses the certificate.
     */
    public StoredCertificate importIn(Connection c, byte[] file, String password, Actor actor) throws SQLException, Refusal {
        ImportedIdentity identity = P12Reader.read(file, password.toCharArray());
        String id = UUID.randomUUID().toString();
        byte[] sealed = seal(id, identity);
        requireUnused(c, identity, null);
        certificates.insert(c, id, identity, sealed, clock.instant());
        StoredCertificate imported = require(c, id);
        audit.recordIn(c, entry(actor, AdminAction.CERTIFICATE_IMPORT, imported).change(null, described(imported)));
        return imported;
    }

    /**
     * Stores a certificate Apple issued for a key the service generated (automatic signing), with the
     * key sealed like an imported one and Apple's resource id, in the caller's transaction, audited
     * there. Like every stored key it never leaves the service.
     */
    public StoredCertificate storeCreated(Connection c, PrivateKey key, X509Certificate certificate, String portalId,
                                          Actor actor) throws SQLException, Refusal {
        ImportedIdentity identity = new ImportedIdentity(new SigningKey(key, certificate.getPublicKey()), List.of(certificate));
        String id = UUID.randomUUID().toString();
        requireUnused(c, identity, null);
        certificates.insert(c, id, identity, seal(id, identity), clock.instant());
        certificates.setPortalId(c, id, portalId);
        StoredCertificate created = require(c, id);
        Map<String, String> after = new HashMap<>(described(created));
        after.put("portalId", portalId);
        audit.recordIn(c, entry(actor, AdminAction.CERTIFICATE_CREATE, created).change(null, after));
        return created;
    }

    /**
     * The stored certificate whose public key is {@code key} (their SubjectPublicKeyInfo compared), with
     * its private key: what lets the service reuse a certificate Apple lists, or store another issued for it.
     */
    public Optional<HeldKey> holding(Connection c, PublicKey key) throws SQLException {
        for (StoredCertificate certificate : certificates.list(c)) {
            if (Arrays.equals(Certificates.parse(certificate.certificate()).getPublicKey().getEncoded(), key.getEncoded())) {
                try {
                    return Optional.of(new HeldKey(certificate, signingKey(certificate).privateKey()));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("The key of certificate " + certificate.id() + " cannot be opened", e);
                }
            }
        }
        return Optional.empty();
    }

    /** A stored certificate and its private key, for the service's own use (never an answer). */
    public record HeldKey(StoredCertificate certificate, PrivateKey privateKey) {
        @Override
        public String toString() {
            return "HeldKey[" + certificate.id() + "]";
        }
    }

    /**
     * The certificate was revoked through the App Store Connect API: its row goes, audited in the
     * caller's transaction; slots that held it empty.
     */
    public void revoked(Connection c, String id, Map<String, String> what, Actor actor) throws SQLException, Refusal {
        StoredCertificate certificate = require(c, id);
        certificates.delete(c, id);
        Map<String, String> before = new HashMap<>(described(certificate));
        before.putAll(what);
        audit.recordIn(c, entry(actor, AdminAction.CERTIFICATE_REVOKE, certificate).change(before, null));
        keys.remove(id);
    }

    public CertificateView replace(String id, byte[] file, String password, Actor actor) throws Refusal {
        ImportedIdentity identity = P12Reader.read(file, password.toCharArray());
        byte[] sealed = seal(id, identity);
        database.transaction(c -> {
            StoredCertificate before = require(c, id);
            requireUnused(c, identity, id);
            certificates.replace(c, id, identity, sealed, clock.instant());
            StoredCertificate after = require(c, id);
            audit.recordIn(c, entry(actor, AdminAction.CERTIFICATE_REPLACE, after)
                    .change(described(before), described(after)));
            return null;
        });
        keys.remove(id);
        return detail(id, true);
    }

    public List<CertificateView> list() {
        return database.read(c -> {
            List<CertificateView> views = new ArrayList<>();
            for (StoredCertificate certificate : certificates.list(c)) {
                views.add(view(certificate, authorization(c, certificate), false, false));
            }
            return views;
        });
    }

    public CertificateView detail(String id, boolean withWarnings) throws Refusal {
        return database.read(c -> {
            StoredCertificate certificate = require(c, id);
            return view(certificate, authorization(c, certificate), true, withWarnings);
        });
    }

    public CertificateView setActive(String id, boolean active, Actor actor) throws Refusal {
        database.transaction(c -> {
            StoredCertificate certificate = require(c, id);
            certificates.setActive(c, id, active, clock.instant());
            audit.recordIn(c, entry(actor, AdminAction.toggle(AdminAction.CERTIFICATE_ACTIVATE,
                    AdminAction.CERTIFICATE_DEACTIVATE, active), certificate)
                    .change(Map.of("active", String.valueOf(certificate.active())), Map.of("active", String.valueOf(active))));
            return null;
        });
        return detail(id, false);
    }

    public void delete(String id, Actor actor) throws Refusal {
        database.transaction(c -> {
            StoredCertificate certificate = require(c, id);
            certificates.delete(c, id);
            audit.recordIn(c, entry(actor, AdminAction.CERTIFICATE_DELETE, certificate).change(described(certificate), null));
            return null;
        });
        keys.remove(id);
    }

    public Authorization authorization(String id) throws Refusal {
        return database.read(c -> authorization(c, require(c, id)));
    }

    public Authorization authorize(String id, boolean all, List<String> apiKeyIds, Actor actor) throws Refusal {
        List<String> distinct = Authorization.knownKeys(apiKeys, apiKeyIds);
        Map<String, String> names = Authorization.keyNames(apiKeys);
        return database.transaction(c -> {
            StoredCertificate certificate = require(c, id);
            Authorization before = authorization(c, certificate);
            certificates.setAuthorizedKeys(c, id, all, all ? List.of() : distinct);
            Authorization after = authorization(c, require(c, id));
            audit.recordIn(c, entry(actor, AdminAction.CERTIFICATE_AUTHORIZE, certificate)
                    .change(before.described(names), after.described(names)));
            return after;
        });
    }

    /** The "Sign" button: signs sample data, verifies it, and audits it like any signature. */
    public TestSignature testSign(String id, String algorithmName, String username, String remoteAddress)
            throws Refusal {
        StoredCertificate certificate = database.read(c -> require(c, id));
        SignatureAlgorithm algorithm = algorithmName == null
                ? defaultTestAlgorithm(certificate.keyType())
                : SignatureAlgorithm.fromWire(algorithmName);
        if (algorithm == null || algorithm.hash() == null) {
            throw Refusal.badRequest("Choose one of the hash-and-sign algorithms for a test signature");
        }
        Instant now = clock.instant();
        String data = "Signing Service test signature by " + username + " at " + now;
        byte[] digest = algorithm.hash().digest(data.getBytes(StandardCharsets.UTF_8));
        AuditEntry entry = AuditEntry.of(RequestType.SIGN, remoteAddress).user(username)
                .certificate(certificate.sha1(), certificate.commonName()).algorithm(algorithm.name())
                .context(Map.of("note", "test signature from the certificate page"));
        byte[] signature;
        try {
            signature = signVerified(certificate, algorithm, digest);
        } catch (Refusal e) {
            if (e.code() == ErrorCode.INTERNAL) {
                audit.record(entry.failed(e.getMessage()));
            }
            throw e;
        }
        audit.record(entry.signed(digest, certificate.sha256(), signature));
        return new TestSignature(algorithm.name(), data,
                HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(data.getBytes(StandardCharsets.UTF_8))),
                Base64.getEncoder().encodeToString(signature), true, now);
    }

    /**
     * Signs {@code data} with the certificate's key and checks the signature with its public key, so that
     * no signature leaves the service that the certificate does not verify. The client protocol and the
     * test signature both sign here. Refuses data that does not fit the algorithm and key (bad request);
     * a failure of the key or the provider is an internal refusal that keeps its cause.
     */
    public byte[] signVerified(StoredCertificate certificate, SignatureAlgorithm algorithm, byte[] data) throws Refusal {
        String problem = algorithm.problemWith(certificate.keyType(), certificate.keySize(), data);
        if (problem != null) {
            throw Refusal.badRequest(problem);
        }
        try {
            SigningKey key = signingKey(certificate);
            byte[] signature = SignatureEngine.sign(algorithm, key, data);
            if (!SignatureEngine.verify(algorithm, key, data, signature)) {
                throw Refusal.internal("The signature did not verify with the certificate; it was not returned", null);
            }
            return signature;
        } catch (GeneralSecurityException e) {
            throw Refusal.internal("Signing failed: " + e.getMessage(), e);
        }
    }

    /** The algorithms a test signature may use with a key of that type: those that sign a digest. */
    public static List<SignatureAlgorithm> testAlgorithms(KeyType keyType) {
        return Arrays.stream(SignatureAlgorithm.values())
                .filter(algorithm -> algorithm.keyType() == keyType && algorithm.hash() != null).toList();
    }

    /** The algorithm of a test signature when none is chosen. */
    public static SignatureAlgorithm defaultTestAlgorithm(KeyType keyType) {
        return keyType == KeyType.RSA ? SignatureAlgorithm.RSA_PKCS1_SHA256 : SignatureAlgorithm.ECDSA_SHA256;
    }

    /** The certificate's key, unsealed once and kept while the certificate is unchanged. */
    private SigningKey signingKey(StoredCertificate certificate) throws GeneralSecurityException {
        CachedKey cached = keys.get(certificate.id());
        if (cached != null && cached.version().equals(certificate.updatedAt())) {
            return cached.key();
        }
        byte[] sealed = database.read(c -> certificates.sealedKey(c, certificate.id()))
                .orElseThrow(() -> new GeneralSecurityException("The certificate was deleted"));
        byte[] pkcs8 = secrets.open(sealed, associatedData(certificate.id()));
        PrivateKey privateKey = KeyFactory.getInstance(certificate.keyType().name()).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        SigningKey key = new SigningKey(privateKey, Certificates.parse(certificate.certificate()).getPublicKey());
        keys.put(certificate.id(), new CachedKey(certificate.updatedAt(), key));
        return key;
    }

    private byte[] seal(String id, ImportedIdentity identity) {
        return secrets.seal(identity.key().privateKey().getEncoded(), associatedData(id));
    }

    private void requireUnused(Connection c, ImportedIdentity identity, String exceptId) throws SQLException, Refusal {
        String sha1 = Fingerprints.sha1(identity.leaf());
        var existing = certificates.findBySha1(c, sha1);
        if (existing.isPresent() && !existing.get().id().equals(exceptId)) {
            throw new Refusal(ErrorCode.CONFLICT, "The certificate " + sha1 + " is already imported");
        }
    }

    private StoredCertificate require(Connection c, String id) throws SQLException, Refusal {
        return certificates.find(c, id).orElseThrow(() -> unknown(id));
    }

    private Authorization authorization(Connection c, StoredCertificate certificate) throws SQLException {
        return new Authorization(certificate.allKeysAuthorized(),
                certificate.allKeysAuthorized() ? List.of() : certificates.authorizedKeys(c, certificate.id()));
    }

    private CertificateView view(StoredCertificate s, Authorization authorization, boolean withContent, boolean withWarnings) {
        boolean expired = s.expiredAt(clock.instant());
        List<String> warnings = withWarnings && expired
                ? List.of("The certificate expired on " + s.notAfter() + "; signatures made with it may not be accepted")
                : null;
        X509Certificate leaf = Certificates.parse(s.certificate());
        return new CertificateView(s, expired, authorization, warnings,
                withContent ? Certificates.pem(s.certificate()) : null,
                withContent ? s.chain().stream().map(Certificates::pem).toList() : null,
                withContent ? CertificateDescription.of(leaf) : null, AppleCertificate.of(leaf).orElse(null));
    }

    private static AuditEntry entry(Actor actor, AdminAction action, StoredCertificate certificate) {
        return AuditEntry.admin(actor, action, certificate.id(), certificate.commonName())
                .certificate(certificate.sha1(), certificate.commonName());
    }

    private static Map<String, String> described(StoredCertificate certificate) {
        return Map.of("sha1", certificate.sha1(), "commonName", certificate.commonName(),
                "notAfter", certificate.notAfter().toString());
    }

    private static String associatedData(String id) {
        return "certificates/" + id;
    }

    private static Refusal unknown(String id) {
        return Refusal.notFound("No signing certificate with id " + id);
    }
}
