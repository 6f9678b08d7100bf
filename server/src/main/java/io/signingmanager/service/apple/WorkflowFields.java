package io.signingmanager.service.apple;

/**
 * What an admin sends to create or change a workflow, as sent: the distribution and method by their
 * wire names ({@code mac-app-store}, {@code manual}); for the automatic method the App Store Connect
 * API key ({@code connectKeyId}); whether the app is a Mac Catalyst app. On a change, {@code null}
 * keeps a field as it is (switching to manual clears the API key).
 */
public record WorkflowFields(String name, String bundleId, String distribution, String method, String connectKeyId,
                             Boolean macCatalyst) {

    /** The fields of a manual workflow, not a Mac Catalyst app. */
    public static WorkflowFields manual(String name, String bundleId, String distribution) {
        return new WorkflowFields(name, bundleId, distribution, SigningMethod.MANUAL.wire(), null, null);
    }
}
