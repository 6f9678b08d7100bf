package io.signingmanager.service.http;

import java.time.Duration;

/** How a browser keeps a sign-in session: an HttpOnly, Secure, SameSite=Strict cookie holding its token. */
public final class SessionCookie {
    public static final String NAME = "signing_session";

    private SessionCookie() {
    }

    /** The {@code Set-Cookie} value that keeps the session in a browser for its lifetime. */
    public static String set(String token, Duration lifetime) {
        return NAME + "=" + token + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" + lifetime.toSeconds();
    }

    /** The {@code Set-Cookie} value that removes the session cookie. */
    public static String expired() {
        return NAME + "=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0";
    }

    /** The request's session token: the bearer header first, else the session cookie; {@code null} when none. */
    public static String token(ApiRequest request) {
        String bearer = request.bearerToken();
        return bearer != null ? bearer : request.cookie(NAME);
    }
}
