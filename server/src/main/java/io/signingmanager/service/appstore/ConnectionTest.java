package io.signingmanager.service.appstore;

/**
 * What "Test connection" found: whether the key works for automatic signing, the team it reaches
 * (when an answer told it), how many bundle IDs the team has (when they could be listed), and one or
 * two sentences saying what works or what failed.
 */
public record ConnectionTest(boolean ok, String teamId, String teamName, Integer bundleIds, String message) {
}
