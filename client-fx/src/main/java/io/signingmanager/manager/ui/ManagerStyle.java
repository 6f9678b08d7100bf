package io.signingmanager.manager.ui;

import java.util.Objects;

/** The style sheet of every Signing Manager window. */
public final class ManagerStyle {
    public static final String URL = Objects.requireNonNull(ManagerStyle.class.getResource("manager.css")).toExternalForm();

    private ManagerStyle() {
    }
}
