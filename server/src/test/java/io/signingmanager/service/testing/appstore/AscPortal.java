package io.signingmanager.service.testing.appstore;

import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.appstore.PortalProfileType;
import io.signingmanager.service.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * What Apple's portal holds for each team (bundle IDs, certificates, profiles) and its rules: at most
 * {@link #LIMIT} unrevoked certificates of a type, revoking invalidates the profiles holding the
 * certificate, a profile needs certificates of its kind and a name of its own. Each method is one
 * atomic step: the HTTP threads and the test share it.
 */
final class AscPortal {
    /** Apple's limit on distribution certificates per type and team. */
    static final int LIMIT = 2;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;
    private final Map<String, String> teamNames = new LinkedHashMap<>();
    private final Map<String, String> issuers = new LinkedHashMap<>();
    private final Map<String, AscTeamKey> keys = new LinkedHashMap<>();
    private final Set<String> revokedKeys = new HashSet<>();
    private final Map<String, AscBundleId> bundleIds = new LinkedHashMap<>();
    private final Map<String, AscCertificate> certificates = new LinkedHashMap<>();
    private final Map<String, AscProfile> profiles = new LinkedHashMap<>();

    AscPortal(Clock clock) {
        this.clock = clock;
    }

    Instant now() {
        return clock.instant();
    }

    synchronized AscTeamKey addKey(String teamId, String teamName, AscRole role) {
        teamNames.put(teamId, teamName);
        String issuer = issuers.computeIfAbsent(teamId, team -> UUID.randomUUID().toString());
        KeyPair pair = TestPki.ecKeys("secp256r1");
        String p8 = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        AscTeamKey key = new AscTeamKey(teamId, teamName, issuer, newId(keys.keySet()), p8, role, pair.getPublic());
        keys.put(key.keyId(), key);
        return key;
    }

    synchronized void revoke(AscTeamKey key) {
        revokedKeys.add(key.keyId());
    }

    synchronized Optional<AscTeamKey> liveKey(String keyId) {
        return revokedKeys.contains(keyId) ? Optional.empty() : Optional.ofNullable(keys.get(keyId));
    }

    synchronized String addBundleId(String teamId, String identifier, String name, String platform) {
        AscBundleId bundleId = new AscBundleId(newId(bundleIds.keySet()), teamId, identifier, name, platform);
        bundleIds.put(bundleId.id(), bundleId);
        return bundleId.id();
    }

    synchronized List<AscBundleId> bundleIds(String teamId) {
        return bundleIds.values().stream().filter(bundleId -> bundleId.teamId().equals(teamId)).toList();
    }

    synchronized AscBundleId bundleId(String teamId, String id) throws AscError {
        AscBundleId bundleId = bundleIds.get(id);
        if (bundleId == null || !bundleId.teamId().equals(teamId)) {
            throw AscError.notFound("There is no resource of type 'bundleIds' with id '" + id + "'");
        }
        return bundleId;
    }

    /** Every certificate of the team, revoked ones too (for tests); Apple's lists use {@link #liveCertificates}. */
    synchronized List<AscCertificate> certificates(String teamId) {
        return certificates.values().stream().filter(certificate -> certificate.teamId().equals(teamId)).toList();
    }

    synchronized List<AscCertificate> liveCertificates(String teamId) {
        return certificates(teamId).stream().filter(certificate -> !certificate.revoked()).toList();
    }

    synchronized AscCertificate certificate(String teamId, String id) throws AscError {
        AscCertificate certificate = certificates.get(id);
        if (certificate == null || !certificate.teamId().equals(teamId) || certificate.revoked()) {
            throw AscError.notFound("There is no resource of type 'certificates' with id '" + id + "'");
        }
        return certificate;
    }

    /** Someone else's certificate: a key made here and thrown away, so nobody holds it. */
    synchronized AscCertificate addCertificate(String teamId, PortalCertificateType type, String name) {
        X509Certificate issued = AscFiles.issue(type, TestPki.rsaKeys(2048).getPublic(), teamId, teamName(teamId), now());
        return store(teamId, type, name, issued);
    }

    synchronized AscCertificate createCertificate(String teamId, PortalCertificateType type, PublicKey key) throws AscError {
        long current = liveCertificates(teamId).stream().filter(certificate -> certificate.type() == type).count();
        if (current >= LIMIT) {
            throw AscError.entity("You already have a current " + type.appleType().title()
                    + " certificate or a pending certificate request.", null);
        }
        X509Certificate issued = AscFiles.issue(type, key, teamId, teamName(teamId), now());
        return store(teamId, type, commonName(issued), issued);
    }

    /** Revokes: the certificate leaves the lists and every profile holding it becomes INVALID. */
    synchronized void revokeCertificate(String teamId, String id) throws AscError {
        AscCertificate certificate = certificate(teamId, id);
        certificates.put(id, certificate.revoke());
        profiles.replaceAll((profileId, profile) -> profile.certificateIds().contains(id) ? profile.invalid() : profile);
    }

    synchronized void expire(String id, Instant notAfter) {
        AscCertificate certificate = require(certificates.get(id), "certificate", id);
        certificates.put(id, certificate.reissued(AscFiles.reissue(certificate.type(), certificate.certificate(),
                certificate.teamId(), teamName(certificate.teamId()), notAfter)));
    }

    synchronized List<AscProfile> profiles(String teamId) {
        return profiles.values().stream().filter(profile -> profile.teamId().equals(teamId)).toList();
    }

    /** A profile that can be read: not a zombie. */
    synchronized AscProfile profile(String teamId, String id) throws AscError {
        AscProfile profile = profiles.get(id);
        if (profile == null || !profile.teamId().equals(teamId) || profile.zombie()) {
            throw AscError.notFound("There is no resource of type 'profiles' with id '" + id + "'");
        }
        return profile;
    }

    synchronized AscProfile createProfile(String teamId, String name, PortalProfileType type, String bundleResourceId,
                                          List<String> certificateIds) throws AscError {
        AscBundleId bundleId = bundleIds.get(bundleResourceId);
        if (bundleId == null || !bundleId.teamId().equals(teamId)) {
            throw AscError.entity("There is no bundle ID with id '" + bundleResourceId + "' in this team",
                    "/data/relationships/bundleId/data/id");
        }
        if (type != PortalProfileType.MAC_CATALYST_APP_STORE && !List.of("MAC_OS", "UNIVERSAL").contains(bundleId.platform())) {
            throw AscError.entity("A " + type + " profile needs a macOS or universal bundle ID; " + bundleId.identifier()
                    + " is " + bundleId.platform(), "/data/relationships/bundleId/data/id");
        }
        PortalCertificateType needed = type == PortalProfileType.MAC_APP_DIRECT
                ? PortalCertificateType.DEVELOPER_ID_APPLICATION : PortalCertificateType.MAC_APP_DISTRIBUTION;
        if (certificateIds.isEmpty()) {
            throw AscError.entity("A " + type + " profile needs at least one " + needed + " certificate",
                    "/data/relationships/certificates/data");
        }
        List<X509Certificate> held = new ArrayList<>();
        for (String certificateId : certificateIds) {
            AscCertificate certificate = certificates.get(certificateId);
            if (certificate == null || !certificate.teamId().equals(teamId) || certificate.revoked()) {
                throw AscError.entity("There is no certificate with id '" + certificateId + "' in this team",
                        "/data/relationships/certificates/data");
            }
            if (certificate.type() != needed) {
                throw AscError.entity("Certificate '" + certificateId + "' is " + certificate.type() + "; a " + type
                        + " profile takes " + needed + " certificates", "/data/relationships/certificates/data");
            }
            held.add(certificate.certificate());
        }
        if (profiles(teamId).stream().anyMatch(profile -> profile.name().equals(name))) {
            throw AscError.entity("Multiple profiles found with the name '" + name
                    + "'.  Please remove the duplicate profiles and try again.", "/data/attributes/name");
        }
        return storeProfile(teamId, name, type, bundleId, certificateIds, held, false);
    }

    synchronized void deleteProfile(String teamId, String id) throws AscError {
        AscProfile profile = profiles.get(id);
        if (profile == null || !profile.teamId().equals(teamId)) {
            throw AscError.notFound("There is no resource of type 'profiles' with id '" + id + "'");
        }
        profiles.remove(id);
    }

    synchronized void invalidate(String id) {
        profiles.put(id, require(profiles.get(id), "profile", id).invalid());
    }

    synchronized void zombify(String id) {
        profiles.put(id, require(profiles.get(id), "profile", id).zombified());
    }

    synchronized String addZombieProfile(String teamId, String bundleResourceId, PortalProfileType type) {
        AscBundleId bundleId = require(bundleIds.get(bundleResourceId), "bundle ID", bundleResourceId);
        return storeProfile(teamId, "Zombie " + type + " " + bundleId.identifier() + " " + newId(profiles.keySet()), type,
                bundleId, List.of(), List.of(), true).id();
    }

    String teamName(String teamId) {
        return teamNames.getOrDefault(teamId, "Team " + teamId);
    }

    private AscCertificate store(String teamId, PortalCertificateType type, String name, X509Certificate issued) {
        AscCertificate certificate = new AscCertificate(newId(certificates.keySet()), teamId, type, name,
                issued.getSerialNumber().toString(16).toUpperCase(Locale.ROOT), issued.getNotAfter().toInstant(), issued, false);
        certificates.put(certificate.id(), certificate);
        return certificate;
    }

    private AscProfile storeProfile(String teamId, String name, PortalProfileType type, AscBundleId bundleId,
                                    List<String> certificateIds, List<X509Certificate> held, boolean zombie) {
        Instant now = now();
        Instant expires = AscFiles.profileExpiry(held, now);
        String uuid = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);
        byte[] content = AscFiles.profile(type, uuid, name, bundleId, teamName(teamId), held, now, expires);
        AscProfile profile = new AscProfile(newId(profiles.keySet()), teamId, name, type, AscProfile.ACTIVE, uuid, bundleId.id(),
                List.copyOf(certificateIds), now, expires, content, zombie);
        profiles.put(profile.id(), profile);
        return profile;
    }

    private static String commonName(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN)[0]
                .getFirst().getValue().toString();
    }

    private static <T> T require(T found, String what, String id) {
        if (found == null) {
            throw new IllegalArgumentException("The double has no " + what + " " + id);
        }
        return found;
    }

    /** Apple's resource ids look like {@code 8L2B8HGN5H}: ten letters and digits. */
    private static String newId(Set<String> taken) {
        while (true) {
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            }
            if (!taken.contains(id.toString())) {
                return id.toString();
            }
        }
    }
}
