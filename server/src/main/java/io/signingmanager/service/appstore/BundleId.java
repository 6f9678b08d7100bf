package io.signingmanager.service.appstore;

/** A bundle ID registered in the team's portal: Apple's resource id, the identifier, its name and platform ({@code IOS}, {@code MAC_OS}, {@code UNIVERSAL}). */
public record BundleId(String id, String identifier, String name, String platform) {
}
