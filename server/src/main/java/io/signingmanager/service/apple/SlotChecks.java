package io.signingmanager.service.apple;

import io.signingmanager.common.apple.AppleCertificate;
import io.signingmanager.common.apple.AppleCertificateType;
import io.signingmanager.common.apple.Distribution;
import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.service.certificates.StoredCertificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks on what one slot holds, each a checklist item. The readiness checklist is made of them,
 * and filling a slot runs the same checks on the candidate and refuses it for the ones that
 * {@link #refuses(ChecklistItem) refuse}, so a refusal and the checklist always say the same.
 */
final class SlotChecks {
    static final String DEVELOPMENT_PROFILE = "Signing with a development profile requires the UUID of the machine "
            + "that builds the app to be in the profile; build machines are not listed in it: use a distribution profile";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final Distribution distribution;
    private final Instant now;

    SlotChecks(Distribution distribution, Instant now) {
        this.distribution = distribution;
        this.now = now;
    }

    /** Whether a problem of this item keeps a candidate out of its slot (rather than only showing in the checklist). */
    static boolean refuses(ChecklistItem item) {
        if (item.state() != CheckState.PROBLEM) {
            return false;
        }
        return switch (item.check()) {
            case TYPE, TEAM, PLATFORM, APPLICATION_IDENTIFIER -> true;
            // An expired profile cannot be renewed in place; an expired certificate can be replaced ("Edit").
            case EXPIRY -> item.slot() == Slot.PROFILE || item.slot() == Slot.EXTENSION_PROFILE;
            default -> false;
        };
    }

    /** The certificate slot of {@code role}, filled or not; {@code team} is the other items' team or {@code null}. */
    List<ChecklistItem> certificate(IdentityRole role, StoredCertificate certificate, String team) {
        Slot slot = Slot.certificate(role);
        AppleCertificateType wanted = distribution.typeFor(role);
        List<ChecklistItem> items = new ArrayList<>();
        if (certificate == null) {
            boolean optional = role == IdentityRole.INSTALLER && !distribution.installerRequired();
            items.add(new ChecklistItem(slot, null, Check.FILLED, optional ? CheckState.OPTIONAL_EMPTY : CheckState.PROBLEM,
                    optional ? null : "The workflow has no " + slot.title().toLowerCase() + " (" + wanted.title() + ")",
                    (optional ? "To sign installer packages, choose" : "Choose") + " a " + wanted.title()
                            + " certificate or upload its .p12"));
            return items;
        }
        items.add(ChecklistItem.ok(slot, null, Check.FILLED));
        String what = "The certificate '" + certificate.commonName() + "'";
        Optional<AppleCertificate> apple = WorkflowContents.apple(certificate);
        String remedy = "Choose or upload a " + wanted.title() + " certificate";
        if (apple.isEmpty()) {
            items.add(problem(slot, null, Check.TYPE, what + " is not an Apple signing certificate; the "
                    + slot.title().toLowerCase() + " of a " + distribution.title() + " workflow is a " + wanted.title()
                    + " certificate", remedy));
        } else if (apple.get().type().development()) {
            items.add(problem(slot, null, Check.TYPE, what + " is a " + apple.get().type().title()
                    + " certificate; development certificates sign for registered devices only, not for distribution", remedy));
        } else if (apple.get().type() != wanted) {
            items.add(problem(slot, null, Check.TYPE, what + " is a " + apple.get().type().title() + " certificate; the "
                    + slot.title().toLowerCase() + " of a " + distribution.title() + " workflow must be a "
                    + wanted.title() + " certificate", remedy));
        } else {
            items.add(ChecklistItem.ok(slot, null, Check.TYPE));
        }
        apple.ifPresent(a -> items.add(team(slot, null, what, a.teamId(), team)));
        items.add(expiry(slot, null, what, certificate.notAfter(),
                "Renew it in Apple's developer portal and import the new .p12 (Edit on its certificate page)"));
        items.add(certificate.active() ? ChecklistItem.ok(slot, null, Check.ACTIVE) : problem(slot, null, Check.ACTIVE,
                what + " is inactive, so builds cannot sign with it", "Activate it on its certificate page"));
        return items;
    }

    /**
     * A profile slot, filled or not: the main one ({@code extension} {@code null}) or an extension's;
     * {@code application} is the workflow's application certificate, {@code null} when it has none.
     */
    List<ChecklistItem> profile(String extension, String bundleId, StoredProfile stored, StoredCertificate application,
                                String team) {
        Slot slot = extension == null ? Slot.PROFILE : Slot.EXTENSION_PROFILE;
        ProfileType wanted = ProfileType.of(distribution);
        String upload = "Choose or upload a macOS " + wanted.title() + " profile for " + bundleId;
        List<ChecklistItem> items = new ArrayList<>();
        if (stored == null) {
            items.add(problem(slot, extension, Check.FILLED, "The workflow has no " + wanted.title() + " profile for "
                    + bundleId, upload));
            return items;
        }
        items.add(ChecklistItem.ok(slot, extension, Check.FILLED));
        ProvisioningProfile profile = stored.parsed();
        String what = "The profile '" + profile.name() + "'";
        items.add(profile.macOS() ? ChecklistItem.ok(slot, extension, Check.PLATFORM) : problem(slot, extension,
                Check.PLATFORM, what + " is for " + String.join(", ", profile.platforms()) + ", not macOS", upload));
        if (profile.type() == ProfileType.DEVELOPMENT) {
            items.add(problem(slot, extension, Check.TYPE, DEVELOPMENT_PROFILE, upload));
        } else if (profile.type() != wanted) {
            items.add(problem(slot, extension, Check.TYPE, what + " is a " + profile.type().title() + " profile; a "
                    + distribution.title() + " workflow signs with a " + wanted.title() + " profile", upload));
        } else {
            items.add(ChecklistItem.ok(slot, extension, Check.TYPE));
        }
        items.add(profile.fits(bundleId) ? ChecklistItem.ok(slot, extension, Check.APPLICATION_IDENTIFIER)
                : problem(slot, extension, Check.APPLICATION_IDENTIFIER, what + " is for the application identifier "
                + profile.applicationIdentifier() + ", which does not fit the bundle ID " + bundleId, upload));
        if (application != null) {
            items.add(profile.developerCertificateSha1s().stream().anyMatch(application.sha1()::equalsIgnoreCase)
                    ? ChecklistItem.ok(slot, extension, Check.INCLUDES_CERTIFICATE)
                    : problem(slot, extension, Check.INCLUDES_CERTIFICATE, what + " does not include the application "
                    + "certificate '" + application.commonName() + "', so code signed with it would not run",
                    "In Apple's developer portal, edit the profile to include that certificate, then upload it again"));
        }
        items.add(team(slot, extension, what, profile.teamId(), team));
        items.add(expiry(slot, extension, what, profile.expiresAt(),
                "Renew it in Apple's developer portal and upload the new one (Replace on its profile page)"));
        return items;
    }

    private ChecklistItem team(Slot slot, String extension, String what, String itemTeam, String team) {
        if (team == null || team.equals(itemTeam)) {
            return ChecklistItem.ok(slot, extension, Check.TEAM);
        }
        return problem(slot, extension, Check.TEAM, what + " belongs to team " + itemTeam
                + ", the workflow's other items to team " + team, "Use a certificate and profiles of one team");
    }

    private ChecklistItem expiry(Slot slot, String extension, String what, Instant expiresAt, String remedy) {
        if (!expiresAt.isAfter(now)) {
            return problem(slot, extension, Check.EXPIRY, what + " expired on " + DATE.format(expiresAt), remedy);
        }
        if (expiresAt.isBefore(now.plus(ProfileService.EXPIRY_WARNING))) {
            long days = Duration.between(now, expiresAt).toDays();
            return new ChecklistItem(slot, extension, Check.EXPIRY, CheckState.WARNING, what + " expires on "
                    + DATE.format(expiresAt) + (days == 0 ? ", within a day" : ", in " + days + " days"), remedy);
        }
        return ChecklistItem.ok(slot, extension, Check.EXPIRY);
    }

    private static ChecklistItem problem(Slot slot, String extension, Check check, String problem, String remedy) {
        return new ChecklistItem(slot, extension, check, CheckState.PROBLEM, problem, remedy);
    }
}
