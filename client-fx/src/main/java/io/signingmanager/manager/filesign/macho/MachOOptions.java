package io.signingmanager.manager.filesign.macho;

import java.net.URI;

/**
 * What codesign's options say: {@code --identifier} (required), {@code --options runtime} (the
 * hardened runtime, for Developer ID and notarization), {@code --entitlements} (an XML plist, or
 * {@code null}) and {@code --timestamp-url} (RFC 3161, or {@code null}).
 */
public record MachOOptions(String identifier, boolean hardenedRuntime, byte[] entitlements, URI timestampUrl) {
    /** CS_RUNTIME in the CodeDirectory's flags. */
    static final int RUNTIME = 0x10000;

    public MachOOptions {
        if (identifier == null || identifier.isBlank()) {
            throw new IllegalArgumentException("A Mach-O signature needs an identifier, like com.example.tool");
        }
    }

    int flags() {
        return hardenedRuntime ? RUNTIME : 0;
    }
}
