package io.signingmanager.manager.ui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCombination;

/**
 * One thing the user can do, as the menu bar, the right-click menu, the toolbar and the shortcuts
 * offer it. {@code shortcut} and {@code icon} may be {@code null}.
 */
public record ManagerAction(String title, Shortcut shortcut, Icon icon, ObservableBooleanValue disabled, Runnable perform) {

    /** The shortcut's key combination, or {@code null} for an action without one. */
    public KeyCombination accelerator() {
        return shortcut == null ? null : shortcut.combination();
    }
}
