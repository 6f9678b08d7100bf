package io.signingmanager.service.license;

import java.time.Instant;

/** What a subscription license grants. */
public record License(String licenseId, String licensee, Instant issuedAt, Instant expiresAt, int auditRetentionDays) {
}
