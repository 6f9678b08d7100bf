package io.signingmanager.manager.ui;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * Every keyboard shortcut of the Signing Manager's windows, in one list: the menus, the copy
 * actions and the secondary windows take theirs from here. "Shortcut" is Command on macOS and
 * Control elsewhere; Alt is Option on macOS.
 */
public enum Shortcut {
    PREFERENCES(KeyCode.COMMA),
    QUIT(KeyCode.Q),
    REFRESH(KeyCode.R),
    COPY_COMMON_NAME(KeyCode.C, KeyCombination.ALT_DOWN),
    COPY_SHA1(KeyCode.S, KeyCombination.ALT_DOWN),
    COPY_CODESIGN(KeyCode.O, KeyCombination.ALT_DOWN),
    COPY_PRODUCTSIGN(KeyCode.P, KeyCombination.ALT_DOWN),
    SHOW_CERTIFICATE(KeyCode.E, KeyCombination.ALT_DOWN),
    SIGN_FILES(KeyCode.S, KeyCombination.SHIFT_DOWN),
    /** To the search field of the certificates window or the log. */
    FIND(KeyCode.F),
    FIND_NEXT(KeyCode.G),
    CERTIFICATES_WINDOW(KeyCode.DIGIT1),
    WORKFLOWS_WINDOW(KeyCode.DIGIT2),
    SHOW_LOG(KeyCode.L),
    CLOSE_WINDOW(KeyCode.W),
    /** Escape, without Shortcut: closes a secondary window, as its Close or Cancel button would. */
    CLOSE_SECONDARY(new KeyCodeCombination(KeyCode.ESCAPE));

    private final KeyCombination combination;

    Shortcut(KeyCode key, KeyCombination.Modifier... more) {
        this(withShortcut(key, more));
    }

    Shortcut(KeyCombination combination) {
        this.combination = combination;
    }

    public KeyCombination combination() {
        return combination;
    }

    private static KeyCombination withShortcut(KeyCode key, KeyCombination.Modifier... more) {
        KeyCombination.Modifier[] modifiers = new KeyCombination.Modifier[more.length + 1];
        modifiers[0] = KeyCombination.SHORTCUT_DOWN;
        System.arraycopy(more, 0, modifiers, 1, more.length);
        return new KeyCodeCombination(key, modifiers);
    }
}
