package io.signingmanager.manager.filesign.macho;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Set;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What a signature takes from the signing certificate, as Apple's certificates carry it: the team ID
 * in the subject OU, the leaf's type marker (1.2.840.113635.100.6.1.x) and so the intermediate's
 * (Developer ID's 100.6.2.6, else the WWDR's 100.6.2.1).
 */
record AppleCertificate(String teamId, String leafMarker, String intermediateMarker) {
    private static final String LEAF_MARKERS = "1.2.840.113635.100.6.1.";
    private static final Set<String> DEVELOPER_ID_MARKERS = Set.of(LEAF_MARKERS + "13", LEAF_MARKERS + "14");
    private static final String DEVELOPER_ID_CA = "1.2.840.113635.100.6.2.6";
    private static final String WWDR_CA = "1.2.840.113635.100.6.2.1";

    /** An {@link IllegalArgumentException} saying why a certificate cannot sign Apple code. */
    static AppleCertificate of(X509Certificate leaf) {
        String subject = leaf.getSubjectX500Principal().getName();
        if (!(leaf.getPublicKey() instanceof RSAPublicKey)) {
            throw new IllegalArgumentException("The certificate " + subject + " has an " + leaf.getPublicKey().getAlgorithm()
                    + " key: Apple code signatures are made with RSA keys (Apple issues its signing certificates"
                    + " for RSA only), so sign with an RSA identity.");
        }
        RDN[] units = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.OU);
        if (units.length == 0) {
            throw new IllegalArgumentException("The certificate " + subject + " has no team ID (subject OU), as Apple's"
                    + " certificates have: it cannot sign Apple code.");
        }
        String team = IETFUtils.valueToString(units[0].getFirst().getValue());
        String marker = Stream.concat(leaf.getCriticalExtensionOIDs().stream(), leaf.getNonCriticalExtensionOIDs().stream())
                .filter(oid -> oid.startsWith(LEAF_MARKERS)).sorted().findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The certificate " + subject + " carries no Apple"
                        + " certificate type marker (" + LEAF_MARKERS + "x): it is not an Apple signing certificate."));
        return new AppleCertificate(team, marker, DEVELOPER_ID_MARKERS.contains(marker) ? DEVELOPER_ID_CA : WWDR_CA);
    }
}
