package io.signingmanager.common.commands;

/**
 * The command lines a user pastes into a terminal to sign with a remote identity, in the forms the
 * Signing Manager guide shows. The identity is named by its SHA-1 fingerprint; the commands that go
 * through the PKCS#11 module also take its common name (the {@code CKA_LABEL}) and the module's path.
 */
public final class SigningCommands {
    private SigningCommands() {
    }

    /** {@code codesign -fs "<SHA1>" } with a trailing space, ready for the path to append. */
    public static String codesign(String sha1) {
        return "codesign -fs \"" + sha1 + "\" ";
    }

    /**
     * {@code codesign --force --sign "<SHA1>" --timestamp [--options runtime] --entitlements MyApp.entitlements
     * MyApp.app}: an app signed for distribution, with a secure timestamp, its entitlements and, for
     * Developer ID (notarization requires it), the hardened runtime. {@code MyApp} is the part to replace.
     * No {@code --deep}: Apple advises signing nested code first, each with its own entitlements.
     */
    public static String codesignApp(String sha1, boolean hardenedRuntime) {
        return "codesign --force --sign \"" + sha1 + "\" --timestamp" + (hardenedRuntime ? " --options runtime" : "")
                + " --entitlements MyApp.entitlements MyApp.app";
    }

    /** {@code cp <profile> MyApp.app/Contents/embedded.provisionprofile}: a macOS app carries its profile there, signed with it. */
    public static String embedProfile(String profilePath) {
        return "cp " + shellQuote(profilePath) + " MyApp.app/Contents/embedded.provisionprofile";
    }

    /** {@code productsign --sign "<SHA1>" source.pkg destination.pkg}, the two packages to replace. */
    public static String productsign(String sha1) {
        return "productsign --sign \"" + sha1 + "\" source.pkg destination.pkg";
    }

    /**
     * {@code signing-manager git-setup --cert <SHA1> --global}: git signs commits and tags with that
     * certificate through gpgsm and the PKCS#11 module (docs/git-signing.md).
     */
    public static String gitSetup(String sha1) {
        return "signing-manager git-setup --cert " + sha1 + " --global";
    }

    /**
     * Writes a SunPKCS11 configuration to {@code signing-manager-pkcs11.cfg} in the current directory
     * ({@code name=SigningManager}, {@code library=<module>}, {@code slotListIndex=0}) and signs
     * {@code app.jar} with JDK 17's jarsigner through it, the key chosen by its label:
     * {@code printf '...' > signing-manager-pkcs11.cfg && jarsigner -keystore NONE -storetype PKCS11
     * -providerClass sun.security.pkcs11.SunPKCS11 -providerArg signing-manager-pkcs11.cfg -storepass none
     * app.jar "<label>"}. A configuration file, not an inline {@code --name=...} argument, because the
     * newlines of an inline one do not survive every shell; the module takes any PIN.
     */
    public static String jarsigner(String label, String modulePath) {
        return "printf 'name=SigningManager\\nlibrary=%s\\nslotListIndex=0\\n' " + shellQuote(modulePath)
                + " > signing-manager-pkcs11.cfg && jarsigner -keystore NONE -storetype PKCS11"
                + " -providerClass sun.security.pkcs11.SunPKCS11 -providerArg signing-manager-pkcs11.cfg"
                + " -storepass none app.jar " + doubleQuote(label);
    }

    /**
     * {@code osslsigncode sign -pkcs11module <module> -pkcs11cert '<cert URI>' -key '<key URI>' -in app.exe
     * -out app-signed.exe}, the certificate and key named by their PKCS#11 URIs.
     */
    public static String osslsigncode(String sha1, String label, String modulePath) {
        return "osslsigncode sign -pkcs11module " + shellQuote(modulePath)
                + " -pkcs11cert " + shellQuote(Pkcs11Uri.certificate(sha1, label))
                + " -key " + shellQuote(Pkcs11Uri.privateKey(sha1, label))
                + " -in app.exe -out app-signed.exe";
    }

    /**
     * {@code PKCS11_MODULE_PATH=<module> openssl dgst -sha256 -engine pkcs11 -keyform engine -sign '<key URI>'
     * -out file.sig file}: OpenSSL's pkcs11 engine (libengine-pkcs11-openssl) loads the module it is told
     * by the environment variable.
     */
    public static String openssl(String sha1, String label, String modulePath) {
        return "PKCS11_MODULE_PATH=" + shellQuote(modulePath)
                + " openssl dgst -sha256 -engine pkcs11 -keyform engine -sign "
                + shellQuote(Pkcs11Uri.privateKey(sha1, label)) + " -out file.sig file";
    }

    /** The text as is when the shell leaves it alone, else in single quotes. */
    public static String shellQuote(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128
                || "/._-+=:,@%".indexOf(c) >= 0)) {
            return text;
        }
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** The text in double quotes, with the characters the shell would expand escaped. */
    static String doubleQuote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if ("\"\\$`".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }
}
