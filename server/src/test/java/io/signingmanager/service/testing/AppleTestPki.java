package io.signingmanager.service.testing;

import com.dd.plist.NSArray;
import com.dd.plist.NSData;
import com.dd.plist.NSDate;
import com.dd.plist.NSDictionary;
import com.dd.plist.NSObject;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.service.apple.ProfileType;
import io.signingmanager.service.testing.TestPki.TestIdentity;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * An "Apple" made in the test: a root, the two intermediates Apple signs developer certificates with,
 * certificates of each Apple type (marker extension, subject with the team), and provisioning profiles
 * signed like Apple's (CMS SignedData over an XML plist written by dd-plist).
 */
public final class AppleTestPki {
    public static final String TEAM_ID = "A1B2C3D4E5";
    public static final String TEAM_NAME = "Example Corp";
    public static final String OTHER_TEAM_ID = "Z9Y8X7W6V5";

    private static final String WWDR_MARKER = "1.2.840.113635.100.6.2.1";
    private static final String DEVELOPER_ID_MARKER = "1.2.840.113635.100.6.2.6";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant FROM = Instant.now().minus(Duration.ofDays(1));
    private static final Instant TO = Instant.now().plus(Duration.ofDays(365));
    /** The CAs outlive their leaves by years, as Apple's do: tests that move the clock a year on still chain. */
    private static final Instant CA_TO = Instant.now().plus(Duration.ofDays(10 * 365));
    private static final TestIdentity ROOT = ca("Test Apple Root CA", null, null);
    private static final TestIdentity WWDR = ca("Test Apple Worldwide Developer Relations CA", ROOT, WWDR_MARKER);
    private static final TestIdentity DEVELOPER_ID_CA = ca("Test Developer ID Certification Authority", ROOT,
            DEVELOPER_ID_MARKER);
    private static final TestIdentity PROFILE_SIGNER = leaf(WWDR, name("Test Apple iPhone OS Provisioning Profile Signing",
            null, null), TestPki.rsaKeys(2048), List.of());

    private AppleTestPki() {
    }

    /** A certificate of {@code type} for {@code teamId}, named and marked as Apple names and marks it. */
    public static TestIdentity certificate(AppleCertificateType type, String teamId) {
        return certificate(type.namePrefixes().get(0) + " " + TEAM_NAME + " (" + teamId + ")", teamId,
                List.of(type.markerOid()));
    }

    /** Any certificate: {@code markers} are the Apple type markers it carries (none: told by name only). */
    public static TestIdentity certificate(String commonName, String teamId, List<String> markers) {
        boolean developerId = markers.stream().anyMatch(marker -> marker.equals(AppleCertificateType.DEVELOPER_ID_APPLICATION.markerOid())
                || marker.equals(AppleCertificateType.DEVELOPER_ID_INSTALLER.markerOid()));
        return leaf(developerId ? DEVELOPER_ID_CA : WWDR, name(commonName, teamId, TEAM_NAME), TestPki.rsaKeys(2048), markers);
    }

    /**
     * What Apple issues for a certificate request: a certificate of {@code type} for {@code key} (the
     * request's), named as Apple names it ({@code "<prefix> <team name> (<team id>)"}, OU the team ID, O its
     * name), with the type's marker, signed by the test WWDR or Developer ID CA, valid {@code from} to {@code to}.
     */
    public static X509Certificate issue(AppleCertificateType type, PublicKey key, String teamId, String teamName,
                                        BigInteger serial, Instant from, Instant to) {
        boolean developerId = type == AppleCertificateType.DEVELOPER_ID_APPLICATION || type == AppleCertificateType.DEVELOPER_ID_INSTALLER;
        return leafCertificate(developerId ? DEVELOPER_ID_CA : WWDR,
                name(type.namePrefixes().get(0) + " " + teamName + " (" + teamId + ")", teamId, teamName),
                key, serial, from, to, List.of(type.markerOid()));
    }

    /** The CAs a certificate of {@code type} from {@link #issue} chains to, intermediate first. */
    public static List<X509Certificate> issuerChain(AppleCertificateType type) {
        boolean developerId = type == AppleCertificateType.DEVELOPER_ID_APPLICATION || type == AppleCertificateType.DEVELOPER_ID_INSTALLER;
        return (developerId ? DEVELOPER_ID_CA : WWDR).chain();
    }

    /** An {@code Apple Distribution} certificate: it carries both the iOS and the Mac App distribution markers. */
    public static TestIdentity appleDistribution(String teamId) {
        return certificate("Apple Distribution: " + TEAM_NAME + " (" + teamId + ")", teamId,
                List.of(AppleCertificateType.IOS_DISTRIBUTION.markerOid(), AppleCertificateType.MAC_APP_DISTRIBUTION.markerOid()));
    }

    public static Profile profile(ProfileType type, String bundleId, TestIdentity... certificates) {
        return new Profile(type, bundleId, List.of(certificates));
    }

    /** {@code content} in a CMS SignedData signed like Apple's profiles: for well-formed and for bad profiles. */
    public static byte[] signed(byte[] content) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(PROFILE_SIGNER.privateKey()), PROFILE_SIGNER.leaf()));
            generator.addCertificates(new JcaCertStore(PROFILE_SIGNER.chain()));
            return generator.generate(new CMSProcessableByteArray(content), true).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("Test profile cannot be signed", e);
        }
    }

    /**
     * A provisioning profile under construction: a macOS profile of the test team, created yesterday,
     * expiring in a year, with a new UUID; change what a test needs, then {@link #build()}.
     */
    public static final class Profile {
        private final Map<String, NSObject> plist = new LinkedHashMap<>();
        private final NSDictionary entitlements = new NSDictionary();

        private Profile(ProfileType type, String bundleId, List<TestIdentity> certificates) {
            String uuid = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
            plist.put("AppIDName", NSObject.fromJavaObject("Example App"));
            plist.put("ApplicationIdentifierPrefix", new NSArray(NSObject.fromJavaObject(TEAM_ID)));
            plist.put("CreationDate", new NSDate(Date.from(FROM)));
            plist.put("Platform", new NSArray(NSObject.fromJavaObject("OSX")));
            plist.put("ExpirationDate", new NSDate(Date.from(TO)));
            plist.put("Name", NSObject.fromJavaObject("Example " + type.title() + " " + bundleId));
            plist.put("TeamIdentifier", new NSArray(NSObject.fromJavaObject(TEAM_ID)));
            plist.put("TeamName", NSObject.fromJavaObject(TEAM_NAME));
            plist.put("TimeToLive", NSObject.fromJavaObject(365));
            plist.put("UUID", NSObject.fromJavaObject(uuid));
            plist.put("Version", NSObject.fromJavaObject(1));
            plist.put("Entitlements", entitlements);
            entitlements.put("com.apple.application-identifier", TEAM_ID + "." + bundleId);
            entitlements.put("com.apple.developer.team-identifier", TEAM_ID);
            entitlements.put("keychain-access-groups", new NSArray(NSObject.fromJavaObject(TEAM_ID + ".*")));
            certificates(certificates.toArray(new TestIdentity[0]));
            switch (type) {
                case DEVELOPMENT -> {
                    devices(3);
                    entitlements.put("get-task-allow", true);
                }
                case AD_HOC -> devices(3);
                case DEVELOPER_ID, IN_HOUSE -> plist.put("ProvisionsAllDevices", NSObject.fromJavaObject(true));
                case APP_STORE -> { }
                default -> throw new IllegalArgumentException(type.name());
            }
        }

        public Profile name(String name) {
            return set("Name", name);
        }

        public Profile uuid(String uuid) {
            return set("UUID", uuid);
        }

        public Profile team(String teamId) {
            plist.put("TeamIdentifier", new NSArray(NSObject.fromJavaObject(teamId)));
            String identifier = entitlements.objectForKey("com.apple.application-identifier").toString();
            entitlements.put("com.apple.application-identifier", teamId + identifier.substring(identifier.indexOf('.')));
            return this;
        }

        public Profile platform(String... platforms) {
            plist.put("Platform", NSObject.fromJavaObject(platforms));
            return this;
        }

        public Profile expires(Instant expiry) {
            plist.put("ExpirationDate", new NSDate(Date.from(expiry)));
            return this;
        }

        public Profile created(Instant creation) {
            plist.put("CreationDate", new NSDate(Date.from(creation)));
            return this;
        }

        public Profile certificates(TestIdentity... certificates) {
            return certificates(java.util.Arrays.stream(certificates).map(TestIdentity::leaf).toList());
        }

        /** The certificates as DER, for certificates whose keys the test does not hold (issued from a request). */
        public Profile certificates(List<X509Certificate> certificates) {
            List<NSObject> data = new ArrayList<>();
            for (X509Certificate certificate : certificates) {
                try {
                    data.add(new NSData(certificate.getEncoded()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            plist.put("DeveloperCertificates", new NSArray(data.toArray(new NSObject[0])));
            return this;
        }

        public Profile entitlement(String key, Object value) {
            entitlements.put(key, NSObject.fromJavaObject(value));
            return this;
        }

        /** Leaves a key out, as a broken or forged profile would. */
        public Profile without(String key) {
            plist.remove(key);
            return this;
        }

        public Profile set(String key, Object value) {
            plist.put(key, NSObject.fromJavaObject(value));
            return this;
        }

        public String uuid() {
            return plist.get("UUID").toJavaObject().toString();
        }

        /** The plist as XML, as Apple writes it into the profile. */
        public byte[] plist() {
            NSDictionary dictionary = new NSDictionary();
            plist.forEach(dictionary::put);
            return dictionary.toXMLPropertyList().getBytes(StandardCharsets.UTF_8);
        }

        /** The profile file: the plist signed in a CMS SignedData. */
        public byte[] build() {
            return signed(plist());
        }

        private void devices(int count) {
            List<NSObject> devices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                devices.add(NSObject.fromJavaObject(UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT)));
            }
            plist.put("ProvisionedDevices", new NSArray(devices.toArray(new NSObject[0])));
        }
    }

    private static TestIdentity ca(String commonName, TestIdentity issuer, String marker) {
        KeyPair keys = TestPki.rsaKeys(2048);
        X500Name subject = name(commonName, null, null);
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer == null ? subject : X500Name.getInstance(issuer.leaf().getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, RANDOM), Date.from(FROM), Date.from(CA_TO), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            if (marker != null) {
                builder.addExtension(new ASN1ObjectIdentifier(marker), false, DERNull.INSTANCE);
            }
            X509Certificate certificate = sign(builder, issuer == null ? keys : issuer.keys());
            List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
            if (issuer != null) {
                chain.addAll(issuer.chain());
            }
            return new TestIdentity(keys, List.copyOf(chain));
        } catch (Exception e) {
            throw new IllegalStateException("Test CA cannot be made", e);
        }
    }

    private static TestIdentity leaf(TestIdentity issuer, X500Name subject, KeyPair keys, List<String> markers) {
        List<X509Certificate> chain = new ArrayList<>(List.of(
                leafCertificate(issuer, subject, keys.getPublic(), new BigInteger(64, RANDOM), FROM, TO, markers)));
        chain.addAll(issuer.chain());
        return new TestIdentity(keys, List.copyOf(chain));
    }

    private static X509Certificate leafCertificate(TestIdentity issuer, X500Name subject, PublicKey key, BigInteger serial,
                                                   Instant from, Instant to, List<String> markers) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(issuer.leaf().getSubjectX500Principal().getEncoded()),
                    serial, Date.from(from), Date.from(to), subject, key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            for (String marker : markers) {
                builder.addExtension(new ASN1ObjectIdentifier(marker), true, DERNull.INSTANCE);
            }
            return sign(builder, issuer.keys());
        } catch (Exception e) {
            throw new IllegalStateException("Test certificate cannot be made", e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair issuerKeys) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }

    private static X500Name name(String commonName, String teamId, String teamName) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE);
        if (teamId != null) {
            name.addRDN(BCStyle.UID, teamId);
        }
        name.addRDN(BCStyle.CN, commonName);
        if (teamId != null) {
            name.addRDN(BCStyle.OU, teamId);
            name.addRDN(BCStyle.O, teamName);
        }
        name.addRDN(BCStyle.C, "US");
        return name.build();
    }
}
