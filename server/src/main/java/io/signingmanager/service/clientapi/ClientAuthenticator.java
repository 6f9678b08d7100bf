package io.signingmanager.service.clientapi;

import io.signingmanager.common.protocol.ErrorCode;
import io.signingmanager.service.clients.ClientRepository;
import io.signingmanager.service.failure.Refusal;
import io.signingmanager.service.secrets.Tokens;
import io.signingmanager.service.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Finds the client behind a bearer token and refuses it when it or its API key is inactive. */
final class ClientAuthenticator {
    // "Last seen" is written at most this often per client, not on every signature.
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final Database database;
    private final ClientRepository clients;
    private final Clock clock;

    ClientAuthenticator(Database database, ClientRepository clients, Clock clock) {
        this.database = database;
        this.clients = clients;
        this.clock = clock;
    }

    /** The caller, known even when refused for being inactive, so the refusal is audited with its names. */
    ClientRepository.Caller identify(String token, String remoteAddress) throws Refusal {
        if (token == null) {
            throw new Refusal(ErrorCode.UNAUTHENTICATED, "Send the client token as 'Authorization: Bearer <token>'");
        }
        ClientRepository.Caller caller = database.read(c -> clients.findByTokenHash(c, Tokens.hash(token)))
                .orElseThrow(() -> new Refusal(ErrorCode.UNAUTHENTICATED,
                        "This client token is unknown; register this machine again"));
        Instant now = clock.instant();
        if (caller.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            database.read(c -> {
                clients.touch(c, caller.clientId(), now, remoteAddress);
                return null;
            });
        }
        return caller;
    }

    static void requireActive(ClientRepository.Caller caller) throws Refusal {
        if (!caller.apiKeyActive()) {
            throw new Refusal(ErrorCode.KEY_INACTIVE, "The API key '" + caller.apiKeyName() + "' is inactive");
        }
        if (!caller.clientActive()) {
            throw new Refusal(ErrorCode.CLIENT_INACTIVE, "This client (" + caller.hostname() + ") is inactive");
        }
    }
}
