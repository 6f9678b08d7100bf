package io.signingmanager.service.apple;

/**
 * One line of a workflow's checklist: which slot (and for an extension, its bundle ID), which check,
 * how it stands, and when not OK what is wrong and what to do, one sentence each.
 */
public record ChecklistItem(Slot slot, String bundleId, Check check, CheckState state, String problem, String remedy) {

    static ChecklistItem ok(Slot slot, String bundleId, Check check) {
        return new ChecklistItem(slot, bundleId, check, CheckState.OK, null, null);
    }
}
