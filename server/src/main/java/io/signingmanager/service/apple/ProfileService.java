package io.signingmanager.service.apple;

import io.signingmanager.common.apple.AppleCertificate;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Provisioning profiles: upload, replace with a newer one, delete, list, and their files. A profile
 * is stored only when its file reads ({@link ProfileReader}) and it has not expired; every change is
 * audited in its own transaction.
 */
public final class ProfileService {
    /** A profile that expires within this long is warned about (lists, its page, workflows). */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);

    private final Database database;
    private final ProfileRepository profiles;
    private final CertificateRepository certificates;
    private final AuditLog audit;
    private final Clock clock;

    public ProfileService(Database database, ProfileRepository profiles, CertificateRepository certificates,
                          AuditLog audit, Clock clock) {
        this.database = database;
        this.profiles = profiles;
        this.certificates = certificates;
        this.audit = audit;
        this.clock = clock;
    }

    public ProfileView upload(byte[] file, Actor actor) throws Refusal {
        StoredProfile stored = database.transaction(c -> store(c, file, actor));
        return detail(stored.id());
    }

    /** Uploads inside the caller's transaction (a workflow's slot upload stores and assigns in one). */
    public StoredProfile store(Connection c, byte[] file, Actor actor) throws Refusal, SQLException {
        ProvisioningProfile profile = readUnexpired(file);
        requireUnused(c, profile.uuid(), null);
        String id = UUID.randomUUID().toString();
        try {
            profiles.insert(c, id, profile, file, clock.instant());
        } catch (SQLException e) {
            throw conflictIfUuidTaken(e, profile.uuid());
        }
        StoredProfile stored = require(c, id);
        audit.recordIn(c, entry(actor, AdminAction.PROFILE_UPLOAD, stored).change(null, described(stored)));
        return stored;
    }

    /**
     * Stores a profile the service created through the App Store Connect API, with Apple's resource id,
     * in the caller's transaction, audited there: only such profiles are ever deleted by the service.
     */
    public StoredProfile storeCreated(Connection c, byte[] file, String portalId, Actor actor) throws Refusal, SQLException {
        ProvisioningProfile profile = readUnexpired(file);
        requireUnused(c, profile.uuid(), null);
        String id = UUID.randomUUID().toString();
        profiles.insert(c, id, profile, file, clock.instant());
        profiles.setPortalId(c, id, portalId);
        StoredProfile stored = require(c, id);
        Map<String, String> after = new HashMap<>(described(stored));
        after.put("portalId", portalId);
        audit.recordIn(c, entry(actor, AdminAction.PROFILE_CREATE, stored).change(null, after));
        return stored;
    }

    /**
     * Stores a profile Apple lists that someone else made (no resource id kept: the service never
     * deletes it), in the caller's transaction; one stored already, by its UUID, is answered as it is.
     */
    public StoredProfile storeFound(Connection c, byte[] file, Actor actor) throws Refusal, SQLException {
        Optional<StoredProfile> stored = profiles.findByUuid(c, ProfileReader.read(file).uuid());
        return stored.isPresent() ? stored.get() : store(c, file, actor);
    }

    /** The stored profile with that UUID, with its file. */
    public Optional<StoredProfile> findByUuid(Connection c, String uuid) throws SQLException {
        return profiles.findByUuid(c, uuid);
    }

    /** The stored profile the service created with that resource id in Apple's portal. */
    public Optional<StoredProfile> findCreated(Connection c, String portalId) throws SQLException {
        return profiles.findByPortalId(c, portalId);
    }

    /** Apple's resource id of a profile the service created, else empty (uploaded or found). */
    public Optional<String> portalId(Connection c, String id) throws SQLException {
        return profiles.portalId(c, id);
    }

    /**
     * The service deleted the profile it created from Apple's portal (replaced, or a zombie): its row
     * goes too, audited in the caller's transaction; slots that held it empty.
     */
    public void deletedFromPortal(Connection c, String id, Actor actor) throws Refusal, SQLException {
        StoredProfile profile = require(c, id);
        profiles.delete(c, id);
        audit.recordIn(c, entry(actor, AdminAction.PROFILE_PORTAL_DELETE, profile).change(described(profile), null));
    }

    /**
     * Puts a renewed file in place of the profile's: the same application identifier, created no
     * earlier, kept under the same id so that the workflows using it use the new file.
     */
    public ProfileView replace(String id, byte[] file, Actor actor) throws Refusal {
        ProvisioningProfile profile = readUnexpired(file);
        database.transaction(c -> {
            StoredProfile before = require(c, id);
            if (!profile.applicationIdentifier().equals(before.applicationIdentifier())) {
                throw new Refusal(ErrorCode.UNSUITABLE_PROFILE, "The new profile is for "
                        + profile.applicationIdentifier() + " but the profile it replaces is for "
                        + before.applicationIdentifier() + "; upload it as a profile of its own");
            }
            if (profile.createdAt().isBefore(before.createdAt())) {
                throw new Refusal(ErrorCode.UNSUITABLE_PROFILE, "The new profile was created on "
                        + profile.createdAt() + ", before the one it replaces (" + before.createdAt()
                        + "); replace a profile with a newer one");
            }
            requireUnused(c, profile.uuid(), id);
            try {
                profiles.replace(c, id, profile, file, clock.instant());
            } catch (SQLException e) {
                throw conflictIfUuidTaken(e, profile.uuid());
            }
            StoredProfile after = require(c, id);
            audit.recordIn(c, entry(actor, AdminAction.PROFILE_REPLACE, after)
                    .change(described(before), described(after)));
            return null;
        });
        return detail(id);
    }

    /** Deletes the profile; workflow slots that held it are emptied (the schema's ON DELETE SET NULL). */
    public void delete(String id, Actor actor) throws Refusal {
        database.transaction(c -> {
            StoredProfile profile = require(c, id);
            profiles.delete(c, id);
            audit.recordIn(c, entry(actor, AdminAction.PROFILE_DELETE, profile).change(described(profile), null));
            return null;
        });
    }

    public List<ProfileView> list() {
        return database.read(c -> profiles.list(c).stream().map(profile -> view(profile, null)).toList());
    }

    public ProfileView detail(String id) throws Refusal {
        return database.read(c -> {
            StoredProfile profile = require(c, id);
            return view(profile, details(c, profile.parsed()));
        });
    }

    /** The file byte for byte as uploaded; save it as {@link StoredProfile#fileName()}. */
    public byte[] file(String id) throws Refusal {
        return database.read(c -> profiles.content(c, id).orElseThrow(() -> unknown(id)));
    }

    /** The profile with its file, for checks made in the caller's transaction. */
    public Optional<StoredProfile> find(Connection c, String id) throws SQLException {
        return profiles.find(c, id);
    }

    private ProvisioningProfile readUnexpired(byte[] file) throws Refusal {
        ProvisioningProfile profile = ProfileReader.read(file);
        if (profile.expiredAt(clock.instant())) {
            throw new Refusal(ErrorCode.UNSUITABLE_PROFILE, "The profile \"" + profile.name() + "\" expired on "
                    + day(profile.expiresAt()) + "; download a new one from the Apple Developer portal");
        }
        return profile;
    }

    private void requireUnused(Connection c, String uuid, String exceptId) throws SQLException, Refusal {
        Optional<StoredProfile> existing = profiles.findByUuid(c, uuid);
        if (existing.isPresent() && !existing.get().id().equals(exceptId)) {
            throw new Refusal(ErrorCode.CONFLICT, "The profile " + uuid + " is already uploaded (as \""
                    + existing.get().name() + "\")");
        }
    }

    /**
     * Uploads that pass {@link #requireUnused} at once meet the table's unique UUID when they write: that is
     * the same conflict (SQL state 23505 on H2 and PostgreSQL), any other failure stays the database's.
     */
    private static Refusal conflictIfUuidTaken(SQLException e, String uuid) throws SQLException {
        if (!Sql.uniqueViolation(e)) {
            throw e;
        }
        return new Refusal(ErrorCode.CONFLICT, "The profile " + uuid + " is already uploaded");
    }

    private StoredProfile require(Connection c, String id) throws SQLException, Refusal {
        return profiles.find(c, id).orElseThrow(() -> unknown(id));
    }

    private ProfileView view(StoredProfile profile, ProfileDetails details) {
        Instant now = clock.instant();
        boolean expired = profile.expiredAt(now);
        boolean expiresSoon = !expired && profile.expiresAt().isBefore(now.plus(EXPIRY_WARNING));
        List<String> warnings = new ArrayList<>();
        if (expired) {
            warnings.add("The profile expired on " + day(profile.expiresAt())
                    + "; download a new one from the Apple Developer portal and replace it");
        } else if (expiresSoon) {
            warnings.add("The profile expires on " + day(profile.expiresAt()) + ", within "
                    + EXPIRY_WARNING.toDays() + " days; download a renewed one from the Apple Developer portal and replace it");
        }
        return new ProfileView(profile, expired, expiresSoon, warnings, details);
    }

    private ProfileDetails details(Connection c, ProvisioningProfile profile) throws SQLException {
        List<IncludedCertificate> included = new ArrayList<>();
        for (byte[] der : profile.developerCertificates()) {
            X509Certificate certificate = Certificates.parse(der);
            String sha1 = Fingerprints.sha1(certificate);
            Optional<AppleCertificate> apple = AppleCertificate.of(certificate);
            included.add(new IncludedCertificate(sha1, Certificates.commonName(certificate),
                    certificate.getNotAfter().toInstant(), apple.map(AppleCertificate::type).orElse(null),
                    apple.map(AppleCertificate::teamId).orElse(null),
                    certificates.findBySha1(c, sha1).map(StoredCertificate::id).orElse(null)));
        }
        return new ProfileDetails(profile.deviceCount(), profile.entitlements(), included);
    }

    private static AuditEntry entry(Actor actor, AdminAction action, StoredProfile profile) {
        return AuditEntry.admin(actor, action, profile.id(), profile.name());
    }

    private static Map<String, String> described(StoredProfile profile) {
        return Map.of("uuid", profile.uuid(), "name", profile.name(),
                "applicationIdentifier", profile.applicationIdentifier(), "expiresAt", profile.expiresAt().toString());
    }

    private static LocalDate day(Instant instant) {
        return instant.atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static Refusal unknown(String id) {
        return Refusal.notFound("No provisioning profile with id " + id);
    }
}
