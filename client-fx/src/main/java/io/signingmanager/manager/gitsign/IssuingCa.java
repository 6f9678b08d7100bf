package io.signingmanager.manager.gitsign;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Problem;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate gpgsm has to trust for a signature to verify: the root at the top of the identity's
 * chain. When the identity's own certificate is self-signed and no CA, gpgsm needs the trust list's
 * {@code relax} flag to accept it as its own root.
 */
public record IssuingCa(X509Certificate certificate, boolean relax) {
    static IssuingCa of(Identity identity) throws Problem {
        List<String> chain = identity.chain() == null ? List.of() : identity.chain();
        X509Certificate top = Certificates.fromBase64(chain.isEmpty() ? identity.certificate() : chain.get(chain.size() - 1));
        if (!selfSigned(top)) {
            throw new Problem(Problem.Kind.LOCAL, "The chain of " + identity.commonName() + " ends at "
                    + top.getSubjectX500Principal().getName() + ", which is not a root certificate.",
                    "Ask an admin to add the root CA to the certificate's chain in the Signing Service.", null);
        }
        return new IssuingCa(top, chain.isEmpty() && top.getBasicConstraints() < 0);
    }

    /** The SHA-1 fingerprint in upper-case hex, as gpgsm's trust list takes it. */
    public String sha1() {
        return Fingerprints.sha1(certificate);
    }

    /** The SHA-1 fingerprint with colons, as gpgsm and most tools show it. */
    public String shownSha1() {
        return Fingerprints.colons(sha1());
    }

    public String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    /** Whether {@code fingerprint} (hex, any case, colons or spaces allowed) names this certificate. */
    public boolean matches(String fingerprint) {
        return fingerprint.replaceAll("[:\\s]", "").equalsIgnoreCase(sha1());
    }

    private static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
