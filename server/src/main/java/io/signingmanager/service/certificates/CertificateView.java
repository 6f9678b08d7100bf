package io.signingmanager.service.certificates;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.signingmanager.common.apple.AppleCertificate;
import io.signingmanager.common.crypto.CertificateDescription;
import java.util.List;

/**
 * A certificate as the admin API answers: its record's fields, whether it expired, who may use it,
 * and on the detail call its content (PEM, chain, decoded fields).
 *
 * @param apple the Apple type and team told from the certificate, {@code null} when it is none of Apple's
 */
public record CertificateView(
        @JsonUnwrapped StoredCertificate certificate,
        boolean expired,
        Authorization authorization,
        List<String> warnings,
        String pem,
        List<String> chainPem,
        CertificateDescription details,
        AppleCertificate apple) {
}
