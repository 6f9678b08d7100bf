package io.signingmanager.common.protocol;

/** Answer of {@code GET /api/v1/client/whoami}: who the service thinks this client is. */
public record WhoAmI(Party client, Party apiKey) {

    /** A client or an API key: id, display name and whether it is active. */
    public record Party(String id, String name, boolean active) {
    }
}
