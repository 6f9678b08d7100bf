package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonValue;

/** How one item of a workflow's checklist stands; only {@link #PROBLEM} keeps a workflow from being ready. */
public enum CheckState {
    OK("ok", "OK"),
    /** Holds now but needs attention soon (a profile or certificate about to expire). */
    WARNING("warning", "Warning"),
    PROBLEM("problem", "Problem"),
    /** An optional slot left empty (the installer certificate of a Developer ID workflow). */
    OPTIONAL_EMPTY("optional-empty", "Optional, empty");

    private final String wire;
    private final String title;

    CheckState(String wire, String title) {
        this.wire = wire;
        this.title = title;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public String title() {
        return title;
    }
}
