package io.signingmanager.service.apple;

/** An app extension of a workflow: its bundle identifier and the id of its profile ({@code null} when empty). */
public record WorkflowExtension(String bundleId, String profileId) {
}
