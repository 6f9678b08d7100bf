package io.signingmanager.common.apple;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * What makes a certificate an Apple signing certificate: its type and the team it belongs to (the
 * subject's OU is the team ID, its O the team's name).
 */
public record AppleCertificate(AppleCertificateType type, String teamId, String teamName) {

    /** The Apple type and team of {@code certificate}, or empty when it is not one of Apple's types. */
    public static Optional<AppleCertificate> of(X509Certificate certificate) {
        AppleCertificateType type = typeOf(certificate);
        if (type == null) {
            return Optional.empty();
        }
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        return Optional.of(new AppleCertificate(type, first(subject, BCStyle.OU), first(subject, BCStyle.O)));
    }

    /** By Apple's extension markers first, then by the common name's prefix; {@code null} for neither. */
    static AppleCertificateType typeOf(X509Certificate certificate) {
        Set<String> critical = certificate.getCriticalExtensionOIDs();
        Set<String> other = certificate.getNonCriticalExtensionOIDs();
        for (AppleCertificateType type : AppleCertificateType.values()) {
            if (contains(critical, type.markerOid()) || contains(other, type.markerOid())) {
                return type;
            }
        }
        String commonName = commonName(certificate.getSubjectX500Principal());
        for (AppleCertificateType type : AppleCertificateType.values()) {
            for (String prefix : type.namePrefixes()) {
                if (commonName != null && commonName.startsWith(prefix)) {
                    return type;
                }
            }
        }
        return null;
    }

    private static boolean contains(Set<String> oids, String oid) {
        return oids != null && oids.contains(oid);
    }

    private static String commonName(X500Principal principal) {
        return first(X500Name.getInstance(principal.getEncoded()), BCStyle.CN);
    }

    private static String first(X500Name name, ASN1ObjectIdentifier attribute) {
        RDN[] rdns = name.getRDNs(attribute);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
