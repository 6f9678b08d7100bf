package io.signingmanager.service.clientapi;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.clients.ClientRepository;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The certificates one call signs with, for its caller: each read from the database once in the call,
 * with whether the caller's API key may use it, so the items of a batch that name the same certificate
 * share one read. Kept for that call only: the next call reads again, so a certificate made inactive or
 * an authorization withdrawn on any replica is refused by the next call on every replica.
 */
final class UsableCertificates {
    private final Database database;
    private final CertificateRepository certificates;
    private final ClientRepository.Caller caller;
    private final Map<String, Lookup> read = new HashMap<>();

    /** What the read found: the certificate (unless unknown) and, when it may not sign, the refusal. */
    private record Lookup(StoredCertificate certificate, ErrorCode refused, String why) {
    }

    UsableCertificates(Database database, CertificateRepository certificates, ClientRepository.Caller caller) {
        this.database = database;
        this.certificates = certificates;
        this.caller = caller;
    }

    /**
     * The certificate with this SHA-1 (upper-case hex), named in the trail, once found active and
     * authorized for the caller; refused as unknown, not authorized or inactive otherwise.
     */
    StoredCertificate require(String sha1, AuditTrail trail) throws Refusal {
        Lookup lookup = read.get(sha1);
        if (lookup == null) {
            lookup = database.read(c -> lookup(c, sha1));
            read.put(sha1, lookup);
        }
        StoredCertificate certificate = lookup.certificate();
        if (certificate != null) {
            trail.add(e -> e.certificate(sha1, certificate.commonName()));
        }
        if (lookup.refused() != null) {
            throw new Refusal(lookup.refused(), lookup.why());
        }
        return certificate;
    }

    private Lookup lookup(Connection c, String sha1) throws SQLException {
        StoredCertificate certificate = certificates.findBySha1(c, sha1).orElse(null);
        if (certificate == null) {
            return new Lookup(null, ErrorCode.UNKNOWN_CERTIFICATE, "No signing certificate has the SHA-1 " + sha1);
        }
        if (!certificate.allKeysAuthorized() && !certificates.authorizes(c, certificate.id(), caller.apiKeyId())) {
            return new Lookup(certificate, ErrorCode.NOT_AUTHORIZED,
                    "The API key '" + caller.apiKeyName() + "' is not authorized for certificate " + sha1);
        }
        if (!certificate.active()) {
            return new Lookup(certificate, ErrorCode.CERTIFICATE_INACTIVE, "The certificate " + sha1 + " is inactive");
        }
        return new Lookup(certificate, null, null);
    }
}
