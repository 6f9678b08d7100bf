package io.signingmanager.common.crypto;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The decoded fields of a certificate, as "Show Certificate" pages and windows list them. */
public record CertificateDescription(
        int version,
        String serialNumber,
        String subject,
        String issuer,
        Instant notBefore,
        Instant notAfter,
        String signatureAlgorithm,
        String publicKey,
        String sha1,
        String sha256,
        List<String> keyUsage,
        List<String> extendedKeyUsage,
        List<String> subjectAlternativeNames,
        String basicConstraints) {

    private static final String[] KEY_USAGES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};
    private static final Map<String, String> EXTENDED_KEY_USAGES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth",
            "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection",
            "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.2.840.113635.100.4.13", "Apple package signing",
            "1.3.6.1.4.1.311.10.3.13", "Lifetime signing");

    public static CertificateDescription of(X509Certificate c) {
        return new CertificateDescription(c.getVersion(), c.getSerialNumber().toString(16).toUpperCase(Locale.ROOT),
                c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), c.getSigAlgName(), publicKey(c),
                Fingerprints.sha1(c), Fingerprints.sha256(c), keyUsage(c), extendedKeyUsage(c),
                alternativeNames(c), basicConstraints(c));
    }

    private static String publicKey(X509Certificate c) {
        if (c.getPublicKey() instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + " bits";
        }
        if (c.getPublicKey() instanceof ECPublicKey ec) {
            return "EC " + ec.getParams().getCurve().getField().getFieldSize() + " bits";
        }
        return c.getPublicKey().getAlgorithm();
    }

    private static List<String> keyUsage(X509Certificate c) {
        boolean[] bits = c.getKeyUsage();
        List<String> usages = new ArrayList<>();
        for (int i = 0; bits != null && i < bits.length && i < KEY_USAGES.length; i++) {
            if (bits[i]) {
                usages.add(KEY_USAGES[i]);
            }
        }
        return usages;
    }

    private static List<String> extendedKeyUsage(X509Certificate c) {
        try {
            List<String> oids = c.getExtendedKeyUsage();
            return oids == null ? List.of() : oids.stream().map(o -> EXTENDED_KEY_USAGES.getOrDefault(o, o)).toList();
        } catch (CertificateParsingException e) {
            return List.of("(unreadable)");
        }
    }

    private static List<String> alternativeNames(X509Certificate c) {
        try {
            var names = c.getSubjectAlternativeNames();
            return names == null ? List.of() : names.stream().map(n -> String.valueOf(n.get(1))).toList();
        } catch (CertificateParsingException e) {
            return List.of("(unreadable)");
        }
    }

    private static String basicConstraints(X509Certificate c) {
        int pathLength = c.getBasicConstraints();
        if (pathLength < 0) {
            return "end entity";
        }
        return pathLength == Integer.MAX_VALUE ? "CA" : "CA, path length " + pathLength;
    }
}
