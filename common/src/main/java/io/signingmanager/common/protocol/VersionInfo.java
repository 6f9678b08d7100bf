package io.signingmanager.common.protocol;

/** Answer of {@code GET /api/v1/version}. */
public record VersionInfo(String name, String version, int apiVersion) {
}
