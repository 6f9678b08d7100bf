package io.signingmanager.service.http;

import org.eclipse.jetty.http.HttpFields;

/** The headers every answer carries, error pages included. */
final class SecurityHeaders {
    private SecurityHeaders() {
    }

    static void apply(HttpFields.Mutable headers, boolean secure) {
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cache-Control", "no-store");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        headers.put("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
        if (secure) {
            headers.put("Strict-Transport-Security", "max-age=31536000");
        }
    }
}
