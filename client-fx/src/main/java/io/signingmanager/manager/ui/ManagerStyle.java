package io.signingmanager.manager.ui;

import java.util.Objects;

/** The style sheet of every Signing Manager window. */
final class ManagerStyle {
    static final String URL = Objects.requireNonNull(ManagerStyle.class.getResource("manager.css")).toExternalForm();

    private ManagerStyle() {
    }
}
