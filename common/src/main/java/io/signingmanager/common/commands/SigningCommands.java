package io.signingmanager.common.commands;

/**
 * The command lines a user pastes into a terminal to sign with a remote identity, in the forms the
 * Signing Manager guide shows. The identity is named by its SHA-1 fingerprint.
 */
public final class SigningCommands {
    private SigningCommands() {
    }

    /** {@code codesign -fs "<SHA1>" } with a trailing space, ready for the path to append. */
    public static String codesign(String sha1) {
        return "codesign -fs \"" + sha1 + "\" ";
    }

    /** {@code productsign --sign "<SHA1>" source.pkg destination.pkg}, the two packages to replace. */
    public static String productsign(String sha1) {
        return "productsign --sign \"" + sha1 + "\" source.pkg destination.pkg";
    }
}
