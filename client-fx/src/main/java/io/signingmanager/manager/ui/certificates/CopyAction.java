package io.signingmanager.manager.ui.certificates;

import io.signingmanager.common.commands.Pkcs11Uri;
import io.signingmanager.common.commands.SigningCommands;
import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.agent.ModuleLocation;
import io.signingmanager.manager.ui.Shortcut;
import java.util.function.Function;

/** What the copy actions put on the clipboard for the selected certificate, with the guide's shortcuts. */
public enum CopyAction {
    COMMON_NAME("Copy Common Name", Shortcut.COPY_COMMON_NAME, "the common name", Identity::commonName),
    SHA1("Copy SHA-1 Hash", Shortcut.COPY_SHA1, "the SHA-1 hash", Identity::sha1),
    CODESIGN("Copy 'codesign' command", Shortcut.COPY_CODESIGN, "the codesign command", i -> SigningCommands.codesign(i.sha1())),
    PRODUCTSIGN("Copy 'productsign' command", Shortcut.COPY_PRODUCTSIGN, "the productsign command",
            i -> SigningCommands.productsign(i.sha1())),
    PKCS11_URI("Copy PKCS#11 URI", null, "the PKCS#11 URI", i -> Pkcs11Uri.privateKey(i.sha1(), i.commonName())),
    JARSIGNER("Copy 'jarsigner' command", null, "the jarsigner command",
            i -> SigningCommands.jarsigner(i.commonName(), modulePath())),
    OSSLSIGNCODE("Copy 'osslsigncode' command", null, "the osslsigncode command",
            i -> SigningCommands.osslsigncode(i.sha1(), i.commonName(), modulePath())),
    OPENSSL("Copy 'openssl' command", null, "the openssl command",
            i -> SigningCommands.openssl(i.sha1(), i.commonName(), modulePath())),
    GIT_SETUP("Copy 'git-setup' command", null, "the git-setup command", i -> SigningCommands.gitSetup(i.sha1()));

    private final String title;
    private final Shortcut shortcut;
    private final String what;
    private final Function<Identity, String> text;

    CopyAction(String title, Shortcut shortcut, String what, Function<Identity, String> text) {
        this.title = title;
        this.shortcut = shortcut;
        this.what = what;
        this.text = text;
    }

    String title() {
        return title;
    }

    /** The PKCS#11 module the commands load: this process's {@link ModuleLocation}. */
    public static String modulePath() {
        return ModuleLocation.of(System.getenv());
    }

    /** Shortcut+Alt+key as the guide has them; none for the PKCS#11 copies. */
    Shortcut shortcut() {
        return shortcut;
    }

    /** The text the action copies for that certificate. */
    String text(Identity identity) {
        return text.apply(identity);
    }

    /** What the status bar and the notification say once it is copied. */
    String copied() {
        return "Copied " + what + ".";
    }
}
