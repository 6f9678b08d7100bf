package io.signingmanager.manager.ui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.scene.input.KeyCombination;

/** One thing the user can do, as the menu bar, the right-click menu and the shortcuts offer it. */
record ManagerAction(String title, KeyCombination accelerator, ObservableBooleanValue disabled, Runnable perform) {
}
