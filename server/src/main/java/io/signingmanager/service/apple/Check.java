package io.signingmanager.service.apple;

import com.fasterxml.jackson.annotation.JsonValue;

/** What one checklist item looks at in its slot. */
public enum Check {
    FILLED("filled", "Filled"),
    /** The certificate's Apple type, or the profile's type, fits the slot and the distribution. */
    TYPE("type", "Type"),
    /** The item belongs to the same team as the workflow's application certificate. */
    TEAM("team", "Team"),
    /** Not expired; expiring within 30 days is a warning. */
    EXPIRY("expiry", "Expiry"),
    /** The certificate is active, so builds may sign with it. */
    ACTIVE("active", "Active"),
    /** The profile is for macOS. */
    PLATFORM("platform", "Platform"),
    /** The profile's application identifier fits the workflow's (or the extension's) bundle ID. */
    APPLICATION_IDENTIFIER("application-identifier", "Application identifier"),
    /** The profile lists the workflow's application certificate among its developer certificates. */
    INCLUDES_CERTIFICATE("includes-certificate", "Includes the application certificate"),
    /** Every API key that may fetch the workflow may sign with the certificate; a warning otherwise. */
    SIGNING_KEYS("signing-keys", "API keys may sign");

    private final String wire;
    private final String title;

    Check(String wire, String title) {
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
