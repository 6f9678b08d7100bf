package io.signingmanager.manager.filesign;

import java.nio.file.Path;

/**
 * What codesign's options say for a Mach-O file: {@code --identifier} ({@code null} for the file's
 * name), {@code --entitlements} (an XML plist file, or {@code null}) and {@code --options runtime}
 * (the hardened runtime). Other formats take none of them.
 */
public record CodeSignOptions(String identifier, Path entitlements, boolean hardenedRuntime) {
    /** codesign's defaults: the file's name as identifier, no entitlements, no hardened runtime. */
    public static final CodeSignOptions NONE = new CodeSignOptions(null, null, false);

    /** Whether any option is given: only Mach-O files take them. */
    public boolean isGiven() {
        return identifier != null || entitlements != null || hardenedRuntime;
    }

    /** The identifier of that file's signature: the one given, or the file's name. */
    String identifierFor(Path input) {
        return identifier != null ? identifier : input.getFileName().toString();
    }
}
