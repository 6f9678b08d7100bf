package io.signingmanager.manager.ui;

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
            i -> SigningCommands.productsign(i.sha1()));

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

    /** Shortcut+Alt+key: Command+Option on macOS, Control+Alt elsewhere. */
    KeyCombination accelerator() {
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
