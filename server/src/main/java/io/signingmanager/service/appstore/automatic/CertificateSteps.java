package io.signingmanager.service.appstore.automatic;

import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.Fingerprints;
import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.apple.SlotCertificate;
import io.signingmanager.service.apple.WorkflowRepository;
import io.signingmanager.service.apple.WorkflowSlots;
import io.signingmanager.service.appstore.AppStoreConnect;
import io.signingmanager.service.appstore.PortalCertificate;
import io.signingmanager.service.appstore.PortalCertificateType;
import io.signingmanager.service.appstore.automatic.PendingKeys.PendingKey;
import io.signingmanager.service.appstore.automatic.Run.Chosen;
import io.signingmanager.service.certificates.CertificateRepository;
import io.signingmanager.service.certificates.CertificateService;
import io.signingmanager.service.certificates.StoredCertificate;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run's certificate steps: for each type the workflow needs, keep the slot's certificate while Apple
 * lists it and it is not due for renewal, else reuse one Apple lists whose key the service holds,
 * else create one with a key the service generates (the certificate limit then becomes a refusal
 * naming the team's certificates). After the profile moved, {@link #retire} revokes the service's own
 * certificates that are due and that no workflow holds any longer: a renewal's overlap ends there.
 */
final class CertificateSteps {
    /** A certificate the service created is renewed this long before it expires. */
    static final Duration RENEWAL = Duration.ofDays(30);
    /** How many certificates of one distribution type Apple lets a team have. */
    static final int APPLE_LIMIT = 2;

    private final Database database;
    private final AppStoreConnect appStore;
    private final CertificateService certificateService;
    private final CertificateRepository certificates;
    private final WorkflowRepository workflows;
    private final WorkflowSlots slots;
    private final PendingKeys pendingKeys;
    private final Clock clock;

    CertificateSteps(Database database, AppStoreConnect appStore, CertificateService certificateService,
                     CertificateRepository certificates, WorkflowRepository workflows, WorkflowSlots slots,
                     PendingKeys pendingKeys, Clock clock) {
        this.database = database;
        this.appStore = appStore;
        this.certificateService = certificateService;
        this.certificates = certificates;
        this.workflows = workflows;
        this.slots = slots;
        this.pendingKeys = pendingKeys;
        this.clock = clock;
    }

    void ensure(Run run) throws Refusal {
        for (PortalCertificateType type : run.needs().certificates()) {
            ensure(run, type);
        }
        emptyWrongInstaller(run);
    }

    /**
     * A Developer ID workflow's installer slot is optional and not filled through the API; a certificate of
     * another type left there (the workflow was a Mac App Store one) would keep it from being ready.
     */
    private void emptyWrongInstaller(Run run) throws Refusal {
        Distribution distribution = run.workflow().distribution();
        SlotCertificate installer = run.certificate(IdentityRole.INSTALLER);
        if (distribution.installerRequired() || installer == null || installer.type() == distribution.installerType()) {
            return;
        }
        run.view(slots.setCertificate(run.workflowId(), IdentityRole.INSTALLER, null, run.actor()));
        run.step("Emptied the installer slot: '" + installer.commonName() + "' is not a "
                + distribution.installerType().title() + " certificate, the only kind " + distribution.title()
                + " installer packages are signed with");
    }

    private void ensure(Run run, PortalCertificateType type) throws Refusal {
        IdentityRole role = Needs.role(type);
        String title = type.appleType().title();
        List<PortalCertificate> listed = appStore.certificates(run.connectKeyId(), type);
        SlotCertificate inSlot = run.certificate(role);
        Instant due = clock.instant().plus(RENEWAL);
        List<PortalCertificate> usable = new ArrayList<>(listed.stream()
                .filter(certificate -> certificate.expirationDate().isAfter(due)).toList());
        // The slot's own certificate first, then the one that lasts longest.
        usable.sort(Comparator.comparing((PortalCertificate certificate) -> inSlot == null
                || !inSlot.sha1().equalsIgnoreCase(sha1(certificate))).thenComparing(PortalCertificate::expirationDate,
                Comparator.reverseOrder()));
        Chosen chosen = null;
        for (PortalCertificate candidate : usable) {
            Optional<Chosen> held = database.transaction(c -> held(c, run, candidate));
            if (held.isPresent()) {
                chosen = held.get();
                break;
            }
        }
        if (chosen == null) {
            if (inSlot != null) {
                run.step("The " + title + " certificate '" + inSlot.commonName() + "' " + whyNot(inSlot, listed, run)
                        + ": renewing it");
            }
            chosen = create(run, type, listed);
        }
        run.chose(type, chosen);
        if (inSlot != null && inSlot.id().equals(chosen.id())) {
            run.step("The " + title + " certificate '" + chosen.commonName() + "' stays in the "
                    + role.title().toLowerCase() + " slot");
            return;
        }
        run.view(slots.setCertificate(run.workflowId(), role, chosen.id(), run.actor()));
        run.step("Put the " + title + " certificate '" + chosen.commonName() + "' in the " + role.title().toLowerCase()
                + " slot" + (inSlot == null ? "" : ", in place of '" + inSlot.commonName() + "'"));
    }

    /** Why the slot's certificate cannot stay: due for renewal by Apple's expiry, or not listed at all. */
    private String whyNot(SlotCertificate inSlot, List<PortalCertificate> listed, Run run) {
        Optional<String> portalId = database.read(c -> certificates.portalId(c, inSlot.id()));
        Optional<PortalCertificate> same = listed.stream().filter(certificate -> inSlot.sha1().equalsIgnoreCase(
                sha1(certificate)) || portalId.map(certificate.id()::equals).orElse(false)).findFirst();
        return same.map(certificate -> "expires on " + TextDates.day(certificate.expirationDate()) + ", within "
                + RENEWAL.toDays() + " days").orElse("is not one Apple lists for the team of the key '" + run.keyName() + "'");
    }

    /**
     * The certificate Apple lists, when the service holds its key: stored already (the same certificate,
     * or the one the service created under that resource id), or issued for a key of a stored certificate or for a waiting key (a create whose answer was lost),
     * then stored now with that key.
     */
    private Optional<Chosen> held(Connection c, Run run, PortalCertificate listed) throws SQLException, Refusal {
        X509Certificate certificate = Certificates.parse(listed.content());
        Optional<StoredCertificate> same = certificates.findBySha1(c, Fingerprints.sha1(certificate));
        if (same.isEmpty()) {
            // The one the service created under that id: Apple's certificate, even if its bytes were issued anew.
            same = certificates.findByPortalId(c, listed.id());
        }
        if (same.isPresent()) {
            return Optional.of(chosen(same.get(), listed.id()));
        }
        Optional<CertificateService.HeldKey> sibling = certificateService.holding(c, certificate.getPublicKey());
        Optional<PendingKey> waiting = pendingKeys.matching(c, certificate.getPublicKey());
        if (sibling.isEmpty() && waiting.isEmpty()) {
            return Optional.empty();
        }
        StoredCertificate stored = certificateService.storeCreated(c, sibling.isPresent() ? sibling.get().privateKey()
                : waiting.get().keyPair().getPrivate(), certificate, listed.id(), run.actor());
        if (waiting.isPresent()) {
            pendingKeys.used(c, waiting.get().id());
        }
        run.step("Stored the certificate '" + stored.commonName() + "' Apple lists for a key the service holds");
        return Optional.of(chosen(stored, listed.id()));
    }

    private Chosen create(Run run, PortalCertificateType type, List<PortalCertificate> listed) throws Refusal {
        PendingKey key = pendingKeys.forCertificate(run.workflowId(), type);
        PortalCertificate created;
        try {
            created = appStore.createCertificate(run.connectKeyId(), type,
                    CertificateRequest.pem(key.keyPair(), "Signing Manager " + run.workflow().name()));
        } catch (Refusal e) {
            throw e.code() == ErrorCode.CERTIFICATE_LIMIT ? limit(type, listed, e) : e;
        }
        X509Certificate certificate = Certificates.parse(created.content());
        StoredCertificate stored = database.transaction(c -> {
            StoredCertificate s = certificateService.storeCreated(c, key.keyPair().getPrivate(), certificate, created.id(),
                    run.actor());
            pendingKeys.used(c, key.id());
            return s;
        });
        run.step("Created the " + type.appleType().title() + " certificate '" + stored.commonName() + "' (serial "
                + stored.serial() + ", expires on " + TextDates.day(stored.notAfter())
                + ") with an RSA-2048 key the service generated and keeps");
        return chosen(stored, created.id());
    }

    /** Apple's refusal at the limit, in words, with the team's certificates of that type to choose from. */
    private Refusal limit(PortalCertificateType type, List<PortalCertificate> listed, Refusal apple) {
        List<LimitCertificate> limited = database.read(c -> {
            List<LimitCertificate> found = new ArrayList<>();
            for (PortalCertificate certificate : listed) {
                found.add(new LimitCertificate(certificate.id(), type, certificate.name(), certificate.serialNumber(),
                        certificate.expirationDate(), holdsKey(c, certificate)));
            }
            return found;
        });
        String title = type.appleType().title();
        StringBuilder message = new StringBuilder("Apple allows " + APPLE_LIMIT + " " + title
                + " certificates and the team has " + limited.size());
        for (int i = 0; i < limited.size(); i++) {
            LimitCertificate certificate = limited.get(i);
            message.append(i == 0 ? ": " : "; ").append("'").append(certificate.name()).append("' (serial ")
                    .append(certificate.serialNumber()).append(", expires on ")
                    .append(TextDates.day(certificate.expirationDate()))
                    .append(certificate.keyHeld() ? ", its key held by this service)" : ", its key not held here)");
        }
        message.append(". Revoke one, or switch the workflow to manual signing.");
        return new Refusal(ErrorCode.CERTIFICATE_LIMIT, message.toString(), apple)
                .details(new CertificateLimit(type, limited));
    }

    /** Whether the service holds the key of a certificate Apple lists. */
    boolean holdsKey(Connection c, PortalCertificate listed) throws SQLException {
        X509Certificate certificate = Certificates.parse(listed.content());
        return certificates.findBySha1(c, Fingerprints.sha1(certificate)).isPresent()
                || certificateService.holding(c, certificate.getPublicKey()).isPresent()
                || pendingKeys.matching(c, certificate.getPublicKey()).isPresent();
    }

    /**
     * Revokes the certificates of the workflow's types that the service created, that are due for
     * renewal and that no workflow holds any longer (their profiles moved to the new certificate first).
     */
    void retire(Run run) throws Refusal {
        Instant due = clock.instant().plus(RENEWAL);
        for (PortalCertificateType type : run.needs().certificates()) {
            for (PortalCertificate listed : appStore.certificates(run.connectKeyId(), type)) {
                if (listed.expirationDate().isAfter(due)) {
                    continue;
                }
                Optional<StoredCertificate> ours = database.read(c -> certificates.findByPortalId(c, listed.id()));
                if (ours.isEmpty()) {
                    continue;
                }
                List<String> holders = database.read(c -> workflows.namesHoldingCertificate(c, ours.get().id()));
                if (!holders.isEmpty()) {
                    run.step("The old certificate '" + listed.name() + "' stays until the workflow"
                            + (holders.size() == 1 ? " " : "s ") + String.join(", ", holders) + " move to a new one");
                    continue;
                }
                appStore.revokeCertificate(run.connectKeyId(), listed.id());
                database.transaction(c -> {
                    certificateService.revoked(c, ours.get().id(), Map.of("portalId", listed.id(),
                            "reason", "renewed by workflow " + run.workflow().name()), run.actor());
                    return null;
                });
                run.step("Revoked the old " + type.appleType().title() + " certificate '" + listed.name() + "' (serial "
                        + listed.serialNumber() + ", expires on " + TextDates.day(listed.expirationDate()) + ")");
            }
        }
    }

    private static Chosen chosen(StoredCertificate stored, String portalId) {
        return new Chosen(stored.id(), stored.sha1(), stored.commonName(), portalId);
    }

    private static String sha1(PortalCertificate certificate) {
        return Fingerprints.sha1(Certificates.parse(certificate.content()));
    }
}
