package io.signingmanager.service.testing.appstore;

/** The roles an App Store Connect API key can have, as far as signing is concerned. */
public enum AscRole {
    /** May read and change everything: certificates, profiles, bundle IDs. */
    ADMIN,
    /** May read, but not create, revoke or delete certificates and profiles. */
    DEVELOPER,
    /** No access to provisioning at all. */
    SALES;

    boolean mayRead() {
        return this != SALES;
    }

    boolean mayChange() {
        return this == ADMIN;
    }
}
