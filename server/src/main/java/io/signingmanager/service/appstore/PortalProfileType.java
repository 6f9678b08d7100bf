package io.signingmanager.service.appstore;

/** The macOS distribution profile types the service creates, by Apple's names. */
public enum PortalProfileType {
    MAC_APP_STORE,
    MAC_CATALYST_APP_STORE,
    MAC_APP_DIRECT
}
