package io.signingmanager.common.crypto;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Parsing and describing X.509 certificates. */
public final class Certificates {
    private Certificates() {
    }

    public static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Not an X.509 certificate", e);
        }
    }

    /** Every certificate in a DER or PEM sequence, in order. */
    public static List<X509Certificate> parseAll(byte[] encoded) {
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(encoded))) {
                certificates.add((X509Certificate) c);
            }
            return certificates;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Not a sequence of X.509 certificates", e);
        }
    }

    public static X509Certificate fromBase64(String der) {
        return parse(Base64.getDecoder().decode(der));
    }

    /** The subject's common name, or the whole subject when it has none. */
    public static String commonName(X509Certificate certificate) {
        return commonName(certificate.getSubjectX500Principal().getName());
    }

    /** The common name in a distinguished name, or the whole name when it has none. */
    public static String commonName(String subject) {
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return subject;
        }
        return subject;
    }

    /** PEM text of one certificate. */
    public static String pem(byte[] der) {
        return Pem.encode("CERTIFICATE", der);
    }
}
