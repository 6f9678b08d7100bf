package io.signingmanager.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.signingmanager.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The requests {@link RoleMatrixTest} walks the routes with, one area of routes per class
 * ({@link CoreRouteCalls}, {@link AppleRouteCalls}); this holds what they share.
 */
final class RouteCalls {
    static final String P12_PASSWORD = "p12 password";
    /** Makes names unique: DELETE and POST calls create objects of their own on every walk. */
    static final AtomicInteger SEQUENCE = new AtomicInteger();

    private RouteCalls() {
    }

    /** Who calls: a name for messages, the session token (null: anonymous) and the password behind it. */
    record Caller(String name, String token, String password) {
    }

    record Call(String method, String path, String token, byte[] body, String contentType) {
    }

    /** One area's routes: a request each would serve an allowed caller, or null for a route of another area. */
    interface Area {
        Call plausible(String key, Caller caller);
    }

    static String path(String key, String id) {
        return key.substring(key.indexOf(' ') + 1).replace("{id}", id);
    }

    static Call raw(String key, String token) {
        return raw(key, token, "none");
    }

    static Call raw(String key, String token, String id) {
        return new Call(key.substring(0, key.indexOf(' ')), path(key, id), token, null, null);
    }

    static Call json(String method, String path, String token, Object body) {
        try {
            return new Call(method, path, token, Json.mapper().writeValueAsBytes(body), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Call upload(String method, String path, String token, byte[] p12) {
        // Http.upload sends at once; build the same multipart body here so the call is sent inside the walk.
        String boundary = "----walk" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + P12_PASSWORD
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"id.p12\"\r\n"
                + "Content-Type: application/x-pkcs12\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(p12);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Call(method, path, token, body.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }
}
