package io.signingmanager.service.clientapi;

import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.service.certificates.StoredCertificate;

/**
 * A sign request checked and its certificate found usable by the caller: what is left is the signature,
 * which needs neither the database nor the trail, so a batch's jobs can be signed on other threads.
 */
record SignJob(StoredCertificate certificate, SignatureAlgorithm algorithm, byte[] data) {
}
