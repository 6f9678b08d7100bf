package io.signingmanager.service.appstore.automatic;

import io.signingmanager.service.apple.ProfileReader;
import io.signingmanager.service.apple.ProfileService;
import io.signingmanager.service.apple.StoredProfile;
import io.signingmanager.service.apple.WorkflowRepository;
import io.signingmanager.service.apple.WorkflowSlots;
import io.signingmanager.service.appstore.AppStoreConnect;
import io.signingmanager.service.appstore.BundleId;
import io.signingmanager.service.appstore.PortalProfile;
import io.signingmanager.service.appstore.PortalProfileType;
import io.signingmanager.service.appstore.automatic.Run.Chosen;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A run's profile steps for the workflow's bundle ID: delete the zombies the service made (Apple lists
 * them but answers 404), then keep the slot's profile while Apple calls it active, it is not due for
 * renewal and it includes the application certificate; else reuse such a profile Apple lists, else
 * create one. A profile the service made that leaves the slot is deleted from Apple's portal once no
 * workflow holds it. Profiles the service did not make are never deleted or changed.
 */
final class ProfileSteps {
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH.mm.ss")
            .withZone(ZoneOffset.UTC);

    private final Database database;
    private final AppStoreConnect appStore;
    private final ProfileService profiles;
    private final WorkflowRepository workflows;
    private final WorkflowSlots slots;
    private final Clock clock;

    ProfileSteps(Database database, AppStoreConnect appStore, ProfileService profiles, WorkflowRepository workflows,
                 WorkflowSlots slots, Clock clock) {
        this.database = database;
        this.appStore = appStore;
        this.profiles = profiles;
        this.workflows = workflows;
        this.slots = slots;
        this.clock = clock;
    }

    /** Deletes the profiles of the bundle ID that the service created and that Apple lists but no longer serves. */
    void deleteZombies(Run run, BundleId bundleId) throws Refusal {
        for (PortalProfile listed : appStore.profiles(run.connectKeyId(), bundleId)) {
            Optional<StoredProfile> ours = database.read(c -> profiles.findCreated(c, listed.id()));
            if (ours.isEmpty() || appStore.profileCertificateIds(run.connectKeyId(), listed.id()).isPresent()) {
                continue;
            }
            appStore.deleteProfile(run.connectKeyId(), listed.id());
            database.transaction(c -> {
                profiles.deletedFromPortal(c, ours.get().id(), run.actor());
                return null;
            });
            run.step("Deleted the profile '" + listed.name() + "', which Apple lists but no longer serves (a zombie)");
        }
    }

    void ensure(Run run, BundleId bundleId) throws Refusal {
        PortalProfileType wanted = run.needs().profile();
        Chosen application = run.chosen(run.needs().application());
        StoredProfile inSlot = run.view().profile();
        Instant due = clock.instant().plus(CertificateSteps.RENEWAL);
        List<PortalProfile> usable = new ArrayList<>();
        String slotProblem = inSlot == null ? null : "is not one Apple lists for " + bundleId.identifier();
        List<String> listedNames = new ArrayList<>();
        for (PortalProfile listed : appStore.profiles(run.connectKeyId(), bundleId)) {
            listedNames.add(listed.name());
            String problem = problem(listed, wanted, due, application);
            if (inSlot != null && inSlot.uuid().equalsIgnoreCase(listed.uuid())) {
                slotProblem = problem;
            }
            if (problem == null) {
                usable.add(listed);
            }
        }
        usable.sort(Comparator.comparing((PortalProfile listed) -> inSlot == null
                || !inSlot.uuid().equalsIgnoreCase(listed.uuid())).thenComparing(PortalProfile::expirationDate,
                Comparator.reverseOrder()));
        if (inSlot != null && slotProblem == null) {
            run.step("The profile '" + inSlot.name() + "' stays in the profile slot");
            return;
        }
        if (inSlot != null) {
            run.step("The profile '" + inSlot.name() + "' " + slotProblem + ": regenerating it");
        }
        StoredProfile chosen = usable.isEmpty() ? create(run, bundleId, wanted, application, listedNames)
                : reuse(run, usable.get(0));
        run.view(slots.setProfile(run.workflowId(), null, chosen.id(), run.actor()));
        run.step("Put the profile '" + chosen.name() + "' in the profile slot"
                + (inSlot == null ? "" : ", in place of '" + inSlot.name() + "'"));
        if (inSlot != null) {
            retire(run, inSlot);
        }
    }

    /** Why a profile Apple lists cannot serve the workflow, in words, or {@code null} when it can. */
    private static String problem(PortalProfile listed, PortalProfileType wanted, Instant due, Chosen application) {
        if (listed.type() != wanted) {
            return "is " + listed.type() + ", not " + wanted;
        }
        if (!listed.active()) {
            return "is no longer active in Apple's portal (INVALID)";
        }
        if (!listed.expirationDate().isAfter(due)) {
            return "expires on " + TextDates.day(listed.expirationDate()) + ", within "
                    + CertificateSteps.RENEWAL.toDays() + " days";
        }
        if (listed.content() == null) {
            return "cannot be read from Apple's portal";
        }
        try {
            if (ProfileReader.read(listed.content()).developerCertificateSha1s().stream()
                    .noneMatch(application.sha1()::equalsIgnoreCase)) {
                return "does not include the application certificate '" + application.commonName() + "'";
            }
        } catch (Refusal e) {
            return "cannot be read: " + e.getMessage();
        }
        return null;
    }

    private StoredProfile reuse(Run run, PortalProfile listed) throws Refusal {
        StoredProfile stored = database.transaction(c -> {
            Optional<StoredProfile> ours = profiles.findCreated(c, listed.id());
            return ours.isPresent() ? ours.get() : profiles.storeFound(c, listed.content(), run.actor());
        });
        run.step("Found the active profile '" + listed.name() + "' (" + listed.type() + ", expires on "
                + TextDates.day(listed.expirationDate()) + ") with the application certificate");
        return stored;
    }

    /** Creates the profile under a name Apple does not list yet for the bundle ID (Apple refuses a name twice). */
    private StoredProfile create(Run run, BundleId bundleId, PortalProfileType type, Chosen application,
                                 List<String> taken) throws Refusal {
        String base = "Signing Manager " + run.workflow().name() + " " + type + " " + NAME_TIME.format(clock.instant());
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = base + " (" + n + ")";
        }
        PortalProfile created = appStore.createProfile(run.connectKeyId(), name, type, bundleId,
                List.of(application.portalId()));
        StoredProfile stored = database.transaction(c -> profiles.storeCreated(c, created.content(), created.id(),
                run.actor()));
        run.step("Created the " + type + " profile '" + stored.name() + "' for " + bundleId.identifier()
                + " with the application certificate '" + application.commonName() + "' (expires on "
                + TextDates.day(stored.expiresAt()) + ")");
        return stored;
    }

    /** Deletes a profile that left the slot from Apple's portal, when the service made it and no workflow holds it. */
    private void retire(Run run, StoredProfile old) throws Refusal {
        Optional<String> portalId = database.read(c -> profiles.portalId(c, old.id()));
        if (portalId.isEmpty()) {
            return;
        }
        List<String> holders = database.read(c -> workflows.namesHoldingProfile(c, old.id()));
        if (!holders.isEmpty()) {
            run.step("The old profile '" + old.name() + "' stays for the workflow" + (holders.size() == 1 ? " " : "s ")
                    + String.join(", ", holders));
            return;
        }
        appStore.deleteProfile(run.connectKeyId(), portalId.get());
        database.transaction(c -> {
            profiles.deletedFromPortal(c, old.id(), run.actor());
            return null;
        });
        run.step("Deleted the old profile '" + old.name() + "' from Apple's portal");
    }
}
