package io.signingmanager.service.license;

/**
 * A license file: the license JSON in base64 and an Ed25519 signature over exactly those bytes, so
 * no canonical form of JSON is needed to check it.
 */
public record LicenseFile(String license, String signature) {
}
