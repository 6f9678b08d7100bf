package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.signingmanager.common.apple.IdentityRole;
import io.signingmanager.service.certificates.StoredCertificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether a workflow can serve build machines, as a checklist made when asked (with the service's
 * clock, so expiry and later changes of its certificates and profiles count): every slot, every
 * check on what it holds. Ready when no item is a {@link CheckState#PROBLEM}.
 */
public record Readiness(List<ChecklistItem> checklist) {

    static Readiness of(WorkflowContents contents, Instant now) {
        Workflow workflow = contents.workflow();
        SlotChecks checks = new SlotChecks(workflow.distribution(), now);
        List<ChecklistItem> items = new ArrayList<>();
        for (IdentityRole role : IdentityRole.values()) {
            items.addAll(checks.certificate(role, contents.certificate(role),
                    contents.team(Slot.certificate(role), null)));
            if (contents.certificate(role) != null) {
                items.add(signingKeys(role, contents.certificate(role), contents.fetchOnlyKeys().get(role)));
            }
        }
        items.addAll(checks.profile(null, workflow.bundleId(), contents.profile(), contents.application(),
                contents.team(Slot.PROFILE, null)));
        for (WorkflowExtension extension : contents.extensions()) {
            items.addAll(checks.profile(extension.bundleId(), extension.bundleId(),
                    contents.extensionProfiles().get(extension.bundleId()), contents.application(),
                    contents.team(Slot.EXTENSION_PROFILE, extension.bundleId())));
        }
        return new Readiness(workflow.method() == SigningMethod.AUTOMATIC ? automatic(items, contents.connectKeyName())
                : List.copyOf(items));
    }

    /**
     * An automatic workflow's empty slots are filled by "Set up signing", not by an upload: their remedy
     * says so, with the API key the service creates the certificates and the profile with (an app
     * extension's profile is still uploaded).
     */
    private static List<ChecklistItem> automatic(List<ChecklistItem> items, String keyName) {
        String remedy = "Set up signing: the service creates or reuses it through App Store Connect with the API key '"
                + keyName + "'";
        return items.stream().map(item -> item.check() == Check.FILLED && item.state() == CheckState.PROBLEM
                && item.slot() != Slot.EXTENSION_PROFILE ? new ChecklistItem(item.slot(), item.bundleId(), item.check(), item.state(), item.problem(), remedy)
                : item).toList();
    }

    /**
     * A warning, not a problem: the workflow serves the keys that may sign, and an admin may mean to
     * authorize the others on the certificate later.
     */
    private static ChecklistItem signingKeys(IdentityRole role, StoredCertificate certificate, List<String> fetchOnly) {
        Slot slot = Slot.certificate(role);
        if (fetchOnly.isEmpty()) {
            return ChecklistItem.ok(slot, null, Check.SIGNING_KEYS);
        }
        String keys = fetchOnly.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
        boolean one = fetchOnly.size() == 1;
        return new ChecklistItem(slot, null, Check.SIGNING_KEYS, CheckState.WARNING, "The API key" + (one ? " " : "s ")
                + keys + " may fetch the workflow but not sign with its " + slot.title().toLowerCase()
                + " \"" + certificate.commonName() + "\": a build machine with " + (one ? "it" : "one of them")
                + " gets the files and is refused the signature",
                "Authorize " + (one ? "the key" : "these keys") + " on the certificate's page, or let only the keys "
                        + "that may sign with it fetch the workflow");
    }

    @JsonProperty
    public boolean ready() {
        return checklist.stream().noneMatch(item -> item.state() == CheckState.PROBLEM);
    }

    /** What keeps the workflow from being ready, one sentence each. */
    @JsonProperty
    public List<String> problems() {
        return sentences(CheckState.PROBLEM);
    }

    /** What will soon need attention, or will fail some build machines, one sentence each. */
    @JsonProperty
    public List<String> warnings() {
        return sentences(CheckState.WARNING);
    }

    private List<String> sentences(CheckState state) {
        return checklist.stream().filter(item -> item.state() == state).map(ChecklistItem::problem).toList();
    }
}
