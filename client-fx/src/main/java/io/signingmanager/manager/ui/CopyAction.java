package io.signingmanager.manager.ui;

import io.signingmanager.common.commands.Pkcs11Uri;
import io.signingmanager.common.commands.SigningCommands;
import io.signingmanager.common.protocol.Identity;
import java.util.function.Function;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/** What the copy actions put on the clipboard for the selected certificate, with the guide's shortcuts. */
enum CopyAction {
    COMMON_NAME("Copy Common Name", KeyCode.C, "the common name", Identity::commonName),
    SHA1("Copy SHA-1 Hash", KeyCode.S, "the SHA-1 hash", Identity::sha1),
    CODESIGN("Copy 'codesign' command", KeyCode.O, "the codesign command", i -> SigningCommands.codesign(i.sha1())),
    PRODUCTSIGN("Copy 'productsign' command", KeyCode.P, "the productsign command",
            i -> SigningCommands.productsign(i.sha1())),
    PKCS11_URI("Copy PKCS#11 URI", null, "the PKCS#11 URI", i -> Pkcs11Uri.privateKey(i.sha1(), i.commonName())),
    JARSIGNER("Copy 'jarsigner' command", null, "the jarsigner command",
            i -> SigningCommands.jarsigner(i.commonName(), modulePath())),
    OSSLSIGNCODE("Copy 'osslsigncode' command", null, "the osslsigncode command",
            i -> SigningCommands.osslsigncode(i.sha1(), i.commonName(), modulePath())),
    OPENSSL("Copy 'openssl' command", null, "the openssl command",
            i -> SigningCommands.openssl(i.sha1(), i.commonName(), modulePath()));

    /** Where the PKCS#11 module is when {@code SIGNING_MANAGER_PKCS11_MODULE} does not say. */
    static final String DEFAULT_MODULE = "/usr/lib/signing-manager/libsigningmanager-pkcs11.so";

    private final String title;
    private final KeyCode key;
    private final String what;
    private final Function<Identity, String> text;

    CopyAction(String title, KeyCode key, String what, Function<Identity, String> text) {
        this.title = title;
        this.key = key;
        this.what = what;
        this.text = text;
    }

    String title() {
        return title;
    }

    /** The PKCS#11 module the commands load: {@code SIGNING_MANAGER_PKCS11_MODULE}, else {@link #DEFAULT_MODULE}. */
    static String modulePath() {
        String configured = System.getenv("SIGNING_MANAGER_PKCS11_MODULE");
        return configured == null || configured.isBlank() ? DEFAULT_MODULE : configured;
    }

    /** Shortcut+Alt+key: Command+Option on macOS, Control+Alt elsewhere; none for the PKCS#11 copies. */
    KeyCombination accelerator() {
        if (key == null) {
            return null;
        }
        return new KeyCodeCombination(key, KeyCombination.SHORTCUT_DOWN, KeyCombination.ALT_DOWN);
    }

    /** Puts the text on the system clipboard; answers what was copied, for the status line. */
    String copy(Identity identity) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text.apply(identity));
        Clipboard.getSystemClipboard().setContent(content);
        return "Copied " + what + ".";
    }
}
