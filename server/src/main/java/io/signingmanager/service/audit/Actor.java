package io.signingmanager.service.audit;

import io.signingmanager.service.http.ApiRequest;
import io.signingmanager.service.http.Session;

/** Who does an admin action: the signed-in user and where the request came from. */
public record Actor(String userId, String username, String remoteAddress) {

    /** The signed-in caller of a request that passed the access check. */
    public static Actor of(ApiRequest request) {
        Session session = request.session();
        return new Actor(session.userId(), session.username(), request.remoteAddress());
    }
}
