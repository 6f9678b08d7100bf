package io.signingmanager.service.license;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.audit.Actor;
import io.signingmanager.service.audit.AdminAction;
import io.signingmanager.service.audit.AuditEntry;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import io.signingmanager.service.storage.Sql;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The subscription license in force and the audit retention it grants (90 days without one). The
 * stored file is re-checked when read, so an expired license stops granting on its own.
 */
public final class LicenseService {
    public static final int DEFAULT_RETENTION_DAYS = 90;
    private static final Duration REFRESH = Duration.ofMinutes(1);

    private final Database database;
    private final PublicKey issuerKey;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Status cached;
    private volatile Instant cachedUntil = Instant.MIN;

    /** What the License page shows. */
    public record Status(boolean licensed, License license, int auditRetentionDays, boolean issuerConfigured,
                         String problem) {
    }

    public LicenseService(Database database, PublicKey issuerKey, AuditLog audit, Clock clock) {
        this.database = database;
        this.issuerKey = issuerKey;
        this.audit = audit;
        this.clock = clock;
    }

    public Status status() {
        Instant now = clock.instant();
        if (cached == null || now.isAfter(cachedUntil)) {
            cached = load(now);
            cachedUntil = now.plus(REFRESH);
        }
        return cached;
    }

    public Duration auditRetention() {
        return Duration.ofDays(status().auditRetentionDays());
    }

    public Status upload(byte[] file, Actor actor) throws Refusal {
        if (issuerKey == null) {
            throw new Refusal(ErrorCode.INVALID_LICENSE,
                    "No license issuer key is configured; start the service with --license-issuer FILE");
        }
        License license;
        try {
            license = LicenseCodec.verify(file, issuerKey, clock.instant());
        } catch (LicenseCodec.InvalidLicenseException e) {
            throw new Refusal(ErrorCode.INVALID_LICENSE, e.getMessage());
        }
        String content = new String(file, StandardCharsets.UTF_8);
        Map<String, String> before = described(status());
        database.transaction(c -> {
            Sql.update(c, "DELETE FROM license");
            Sql.update(c, "INSERT INTO license (id, content, uploaded_at) VALUES (1, ?, ?)", content, clock.instant());
            audit.recordIn(c, AuditEntry.admin(actor, AdminAction.LICENSE_UPLOAD, license.licenseId(), license.licensee())
                    .change(before, described(new Status(true, license, license.auditRetentionDays(), true, null))));
            return null;
        });
        cached = null;
        return status();
    }

    public Status remove(Actor actor) {
        Status current = status();
        License removed = current.license();
        database.transaction(c -> {
            Sql.update(c, "DELETE FROM license");
            audit.recordIn(c, AuditEntry.admin(actor, AdminAction.LICENSE_REMOVE,
                    removed == null ? null : removed.licenseId(), removed == null ? null : removed.licensee())
                    .change(described(current), Map.of("licensed", "false",
                            "auditRetentionDays", String.valueOf(DEFAULT_RETENTION_DAYS))));
            return null;
        });
        cached = null;
        return status();
    }

    private static Map<String, String> described(Status status) {
        License license = status.license();
        Map<String, String> values = new HashMap<>();
        values.put("licensed", String.valueOf(status.licensed()));
        values.put("auditRetentionDays", String.valueOf(status.auditRetentionDays()));
        if (license != null) {
            values.put("licenseId", license.licenseId());
            values.put("licensee", license.licensee());
            values.put("expiresAt", String.valueOf(license.expiresAt()));
        }
        return values;
    }

    private Status load(Instant now) {
        Optional<String> stored = database.read(c -> Sql.one(c, "SELECT content FROM license WHERE id = 1", row -> row.getString(1)));
        if (stored.isEmpty()) {
            return unlicensed(null);
        }
        if (issuerKey == null) {
            return unlicensed("A license is stored but no license issuer key is configured to check it");
        }
        try {
            License license = LicenseCodec.verify(stored.get().getBytes(StandardCharsets.UTF_8), issuerKey, now);
            return new Status(true, license, license.auditRetentionDays(), true, null);
        } catch (LicenseCodec.InvalidLicenseException e) {
            return unlicensed(e.getMessage());
        }
    }

    private Status unlicensed(String problem) {
        return new Status(false, null, DEFAULT_RETENTION_DAYS, issuerKey != null, problem);
    }
}
