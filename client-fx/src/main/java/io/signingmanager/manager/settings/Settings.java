package io.signingmanager.manager.settings;

import java.net.URI;

/**
 * What the Signing Manager is set to: the service's URL, whether to trust a self-signed TLS
 * certificate (pinned by its SHA-256 once seen), debug logging, and the client id this machine
 * registered as. The API key and the client token are secrets and live in the secret store.
 */
public record Settings(URI apiHost, boolean trustSelfSigned, String pinnedSha256, boolean debug, String clientId) {
    public static final Settings NONE = new Settings(null, false, null, false, null);

    public boolean configured() {
        return apiHost != null;
    }
}
