package io.signingmanager.manager.workflows;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where fetched provisioning profiles go when the user does not say: on macOS the folder Xcode and
 * {@code codesign} read them from, elsewhere (a build machine that only prepares files) the current
 * folder.
 */
public final class ProfileFolder {
    private ProfileFolder() {
    }

    /** The default for this machine. */
    public static Path current() {
        return defaultFor(System.getProperty("os.name"), Path.of(System.getProperty("user.home")), Path.of(""));
    }

    static Path defaultFor(String osName, Path userHome, Path currentFolder) {
        if (osName != null && osName.toLowerCase(Locale.ROOT).startsWith("mac")) {
            return userHome.resolve("Library").resolve("MobileDevice").resolve("Provisioning Profiles");
        }
        return currentFolder.toAbsolutePath();
    }
}
