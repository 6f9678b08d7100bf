package io.signingmanager.service.testing.appstore;

/** A bundle ID in a team's portal: Apple's resource id, the identifier, its name and platform. */
record AscBundleId(String id, String teamId, String identifier, String name, String platform) {
}
