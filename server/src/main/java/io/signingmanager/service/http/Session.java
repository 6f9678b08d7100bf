package io.signingmanager.service.http;

/** The signed-in user behind a request, and how the request proved it. */
public record Session(
        String userId,
        String username,
        boolean admin,
        boolean mustChangePassword,
        boolean agreementAccepted,
        String csrfToken,
        boolean viaCookie) {
}
