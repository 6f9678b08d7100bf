package io.signingmanager.service.audit;

/** Who does an admin action: the signed-in user and where the request came from. */
public record Actor(String userId, String username, String remoteAddress) {
}
