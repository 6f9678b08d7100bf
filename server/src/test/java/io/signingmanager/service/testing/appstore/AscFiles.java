package io.signingmanager.service.testing.appstore;

import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.appstore.PortalProfileType;
import io.signingmanager.service.testing.AppleTestPki;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * The files Apple makes: certificates from a certificate signing request, signed by the test "Apple"
 * CAs of {@link AppleTestPki}, and provisioning profiles (CMS over an XML plist) for a bundle ID and
 * certificates.
 */
final class AscFiles {
    static final Duration CERTIFICATE_LIFETIME = Duration.ofDays(365);
    static final Duration PROFILE_LIFETIME = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    private AscFiles() {
    }

    /** The public key of a PEM (or bare base64) PKCS#10 request whose signature verifies; else a 409 saying why. */
    static PublicKey requestKey(String csrContent) throws AscError {
        String base64 = csrContent.replaceAll("-----(BEGIN|END) (NEW )?CERTIFICATE REQUEST-----", "").replaceAll("\\s", "");
        PKCS10CertificationRequest request;
        try {
            request = new PKCS10CertificationRequest(Base64.getDecoder().decode(base64));
        } catch (Exception e) {
            throw AscError.entity("Invalid CSR: the csrContent is not a PEM PKCS#10 certificate signing request",
                    "/data/attributes/csrContent");
        }
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(request.getSubjectPublicKeyInfo()))) {
                throw AscError.entity("Invalid CSR: its signature does not verify with its public key", "/data/attributes/csrContent");
            }
            if (!request.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
                throw AscError.entity("Invalid CSR: the key must be RSA", "/data/attributes/csrContent");
            }
            return new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
        } catch (AscError e) {
            throw e;
        } catch (Exception e) {
            throw AscError.entity("Invalid CSR: " + e.getMessage(), "/data/attributes/csrContent");
        }
    }

    static X509Certificate issue(PortalCertificateType type, PublicKey key, String teamId, String teamName, Instant now) {
        return AppleTestPki.issue(type.appleType(), key, teamId, teamName, new BigInteger(64, RANDOM).abs(), now,
                now.plus(CERTIFICATE_LIFETIME));
    }

    /** The same certificate (key, serial, subject) with another expiry. */
    static X509Certificate reissue(PortalCertificateType type, X509Certificate certificate, String teamId, String teamName,
                                   Instant notAfter) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        return AppleTestPki.issue(type.appleType(), certificate.getPublicKey(), teamId, teamName, certificate.getSerialNumber(),
                notBefore.isBefore(notAfter) ? notBefore : notAfter.minus(Duration.ofDays(1)), notAfter);
    }

    /**
     * A profile file as Apple makes it: App Store (Mac Catalyst too) or Developer ID, for the team and
     * bundle ID, holding {@code certificates}, created {@code now}, expiring with the first of them to
     * expire or after a year.
     */
    static byte[] profile(PortalProfileType type, String uuid, String name, AscBundleId bundleId, String teamName,
                          List<X509Certificate> certificates, Instant now, Instant expires) {
        String teamId = bundleId.teamId();
        return AppleTestPki.profile(type == PortalProfileType.MAC_APP_DIRECT ? ProfileType.DEVELOPER_ID : ProfileType.APP_STORE,
                        bundleId.identifier())
                .team(teamId)
                .set("ApplicationIdentifierPrefix", new String[] {teamId})
                .set("TeamName", teamName)
                .set("AppIDName", bundleId.name())
                .entitlement("com.apple.developer.team-identifier", teamId)
                .entitlement("keychain-access-groups", new String[] {teamId + ".*"})
                .name(name)
                .uuid(uuid)
                .created(now)
                .expires(expires)
                .certificates(certificates)
                .build();
    }

    static Instant profileExpiry(List<X509Certificate> certificates, Instant now) {
        Instant expires = now.plus(PROFILE_LIFETIME);
        for (X509Certificate certificate : certificates) {
            Instant notAfter = certificate.getNotAfter().toInstant();
            expires = notAfter.isBefore(expires) ? notAfter : expires;
        }
        return expires;
    }
}
