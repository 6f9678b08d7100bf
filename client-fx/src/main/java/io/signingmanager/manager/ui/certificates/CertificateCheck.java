package io.signingmanager.manager.ui.certificates;

import io.signingmanager.common.crypto.Certificates;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * What Show Certificate can say about a certificate without a trust store: whether it and the
 * certificates above it in the chain the service sent are within their dates, and whether each is
 * signed by the next. The root is only checked to sign itself, never against the system's trust.
 */
record CertificateCheck(boolean passed, String verdict, String checked) {

    /** {@code chain}: the certificate shown first, then its issuer and so on, as the service sent them. */
    static CertificateCheck of(List<X509Certificate> chain, Instant now) {
        String what = "Checked: the validity dates and the signatures of the chain as the service sent it";
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            String name = i == 0 ? "This certificate" : "Its issuer " + Certificates.commonName(certificate);
            if (now.isBefore(certificate.getNotBefore().toInstant())) {
                return failed(name + " is not valid yet", what + ".");
            }
            if (now.isAfter(certificate.getNotAfter().toInstant())) {
                return failed(name + " has expired", what + ".");
            }
            X509Certificate issuer = i + 1 < chain.size() ? chain.get(i + 1) : certificate;
            boolean last = i + 1 == chain.size();
            if (last && !certificate.getIssuerX500Principal().equals(certificate.getSubjectX500Principal())) {
                return failed("The chain ends before its root: " + Certificates.commonName(certificate)
                        + " is issued by " + certificate.getIssuerX500Principal().getName()
                        + ", which the service did not send", what + ".");
            }
            if (!signedBy(certificate, issuer)) {
                return failed(Certificates.commonName(certificate) + " is not signed by "
                        + (last ? "its own key, as a root must be" : Certificates.commonName(issuer)), what + ".");
            }
        }
        X509Certificate root = chain.get(chain.size() - 1);
        return new CertificateCheck(true, "Within its dates, and signed by the chain as given",
                what + ", up to the root " + Certificates.commonName(root)
                        + ". The root is not checked against any trust store.");
    }

    private static CertificateCheck failed(String verdict, String checked) {
        return new CertificateCheck(false, verdict, checked);
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
