package io.signingmanager.service.apple;

import io.signingmanager.common.apple.AppleCertificateType;
import java.time.Instant;

/**
 * A developer certificate a profile includes (whose holder may sign with it).
 *
 * @param appleType     the Apple type told from the certificate, {@code null} when it is none of Apple's
 * @param certificateId the id of our signing certificate with the same SHA-1, {@code null} when we hold none
 */
public record IncludedCertificate(String sha1, String commonName, Instant notAfter, AppleCertificateType appleType,
                                  String teamId, String certificateId) {
}
