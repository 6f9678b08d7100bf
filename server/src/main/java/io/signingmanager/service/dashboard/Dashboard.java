package io.signingmanager.service.dashboard;

import io.signingmanager.service.apikeys.ApiKey;
import io.signingmanager.service.apikeys.ApiKeyService;
import io.signingmanager.service.audit.AuditFilter;
import io.signingmanager.service.audit.AuditLog;
import io.signingmanager.service.audit.AuditRecord;
import io.signingmanager.service.audit.RequestType;
import io.signingmanager.service.audit.Status;
import io.signingmanager.service.backup.BackupService;
import io.signingmanager.service.backup.BackupState;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.certificates.CertificateView;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.clients.ClientService;
import io.signingmanager.service.users.User;
import io.signingmanager.service.users.UserService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

/**
 * What the main page tells at a glance: for admins, how much there is, today's signatures, the
 * certificates about to expire, the latest failures and the backups; for everyone, whom to ask for an API key.
 */
public final class Dashboard {
    /** Certificates expiring this soon are named on the main page. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    /** How many of the latest failed audit records the main page shows. */
    public static final int RECENT_FAILURES = 5;

    private final CertificateService certificates;
    private final ApiKeyService apiKeys;
    private final ClientService clients;
    private final UserService users;
    private final AuditLog audit;
    private final BackupService backups;
    private final Clock clock;

    public Dashboard(CertificateService certificates, ApiKeyService apiKeys, ClientService clients, UserService users,
                     AuditLog audit, BackupService backups, Clock clock) {
        this.certificates = certificates;
        this.apiKeys = apiKeys;
        this.clients = clients;
        this.users = users;
        this.audit = audit;
        this.backups = backups;
        this.clock = clock;
    }

    /**
     * The counts; {@code signaturesToday} the successful signs since midnight UTC; {@code expiringSoon}
     * the certificates not yet expired that expire within {@link #EXPIRY_WARNING}, soonest first;
     * {@code recentFailures} the latest failed audit records, newest first; {@code today} the UTC day;
     * {@code backups} the last good backup, the schedule and its last failure.
     */
    public record Summary(LocalDate today, int certificates, long activeApiKeys, int clients, int users, long signaturesToday,
                          List<StoredCertificate> expiringSoon, List<AuditRecord> recentFailures, BackupState backups) {
    }

    public Summary summary() {
        Instant now = clock.instant();
        List<CertificateView> all = certificates.list();
        List<StoredCertificate> expiring = all.stream().map(CertificateView::certificate)
                .filter(c -> !c.notAfter().isBefore(now) && c.notAfter().isBefore(now.plus(EXPIRY_WARNING)))
                .sorted(Comparator.comparing(StoredCertificate::notAfter)).toList();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant midnight = today.atStartOfDay(ZoneOffset.UTC).toInstant();
        long signatures = audit.count(new AuditFilter(midnight, null, RequestType.SIGN, Status.SUCCESS, null, null, null,
                null, 0, 0));
        List<AuditRecord> failures = audit.list(new AuditFilter(null, null, null, Status.FAILURE, null, null, null,
                null, RECENT_FAILURES, 0)).records();
        return new Summary(today, all.size(), apiKeys.list().stream().filter(ApiKey::active).count(), clients.list().size(),
                users.list().size(), signatures, expiring, failures, backups.state());
    }

    /** The user names of the admins who may sign in, in name order: whom a user asks for an API key. */
    public List<String> administrators() {
        return users.list().stream().filter(u -> u.admin() && u.active()).map(User::username)
                .sorted(String.CASE_INSENSITIVE_ORDER).toList();
    }
}
