package io.signingmanager.manager.filesign.macho;

import java.net.URI;

/**
 * What codesign's options say: {@code --identifier} (required), {@code --options runtime} (the
 * hardened runtime, for Developer ID and notarization), {@code --entitlements} (an XML plist, or
 * {@code null}) and {@code --timestamp-url} (RFC 3161, or {@code null}); {@code seal} is the bundle's
 * Info.plist and resources when this is a bundle's main executable, {@code null} otherwise.
 */
public record MachOOptions(String identifier, boolean hardenedRuntime, byte[] entitlements, URI timestampUrl,
                           BundleSeal seal) {
    /** CS_RUNTIME in the CodeDirectory's flags. */
    static final int RUNTIME = 0x10000;

    /**
     * The SHA-256 of a bundle's Info.plist and of its {@code _CodeSignature/CodeResources}, which the
     * main executable's CodeDirectory holds in its special slots 1 and 3.
     */
    public record BundleSeal(byte[] infoPlistSha256, byte[] codeResourcesSha256) {
    }

    public MachOOptions {
        if (identifier == null || identifier.isBlank()) {
            throw new IllegalArgumentException("A Mach-O signature needs an identifier, like com.example.tool");
        }
    }

    /** Options for a Mach-O file outside a bundle. */
    public MachOOptions(String identifier, boolean hardenedRuntime, byte[] entitlements, URI timestampUrl) {
        this(identifier, hardenedRuntime, entitlements, timestampUrl, null);
    }

    /** The same options for a nested piece of code: its own identifier, no entitlements, no bundle seal. */
    public MachOOptions nested(String nestedIdentifier) {
        return new MachOOptions(nestedIdentifier, hardenedRuntime, null, timestampUrl, null);
    }

    /** The same options for a bundle's main executable, with the bundle's seal. */
    public MachOOptions sealing(String mainIdentifier, BundleSeal bundleSeal) {
        return new MachOOptions(mainIdentifier, hardenedRuntime, entitlements, timestampUrl, bundleSeal);
    }

    int flags() {
        return hardenedRuntime ? RUNTIME : 0;
    }
}
