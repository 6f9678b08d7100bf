package io.signingmanager.service.clientapi;

import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.certificates.StoredCertificate;

/**
 * A sign request checked and its certificate found usable by the caller: what is left is the signature,
 * which needs neither the database nor the trail, so a batch's jobs can be signed on other threads.
 */
record SignJob(StoredCertificate certificate, SignatureAlgorithm algorithm, byte[] data) {
    /** The job's entry once its signature is made: what was signed, for the signing log's leaf. */
    AuditEntry audited(AuditEntry entry, byte[] signature) {
        return entry.signed(data, certificate.sha256(), signature);
    }
}
