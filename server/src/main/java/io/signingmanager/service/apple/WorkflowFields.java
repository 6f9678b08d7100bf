package io.signingmanager.service.apple;

/**
 * What an admin sends to create or change a workflow, as sent: the distribution and method by their
 * wire names ({@code mac-app-store}, {@code manual}); on a change, {@code null} keeps a field as it is.
 */
public record WorkflowFields(String name, String bundleId, String distribution, String method) {
}
