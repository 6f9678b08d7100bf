package io.signingmanager.service.http;

/** Who may call a route. */
public enum Access {
    /** Anyone; the route authenticates its caller itself if it needs to (the client protocol). */
    PUBLIC,
    /** A signed-in user, even one who still has to change the password or accept the agreement. */
    SIGNED_IN,
    /** A signed-in user who has finished the first sign-in steps. */
    USER,
    /** An application admin who has finished the first sign-in steps. */
    ADMIN,
    /**
     * A caller the route's caller check knows (an active client, by its bearer token), or else an
     * application admin as for {@link #ADMIN}.
     */
    CLIENT_OR_ADMIN
}
