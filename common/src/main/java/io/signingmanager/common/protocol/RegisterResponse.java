package io.signingmanager.common.protocol;

/** Answer of a registration: the client's id and the token it signs with from now on. */
public record RegisterResponse(String clientId, String clientToken) {
}
