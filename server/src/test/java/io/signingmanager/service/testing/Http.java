package io.signingmanager.service.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.common.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Real HTTPS calls to a test service, answering status, headers and body. */
public final class Http {
    private final URI base;
    private final HttpClient client;

    /** Trusts exactly the service's certificate, as a pinned client would. */
    public Http(URI base, String pinnedSha256) {
        this.base = base;
        this.client = HttpClient.newBuilder().sslContext(TlsTrust.pinned(pinnedSha256).sslContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** An answer: status, headers, body. */
    public record Answer(int status, Map<String, java.util.List<String>> headers, byte[] body) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("Not JSON: " + text(), e);
            }
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String error() {
            return json().path("error").asText(null);
        }
    }

    public Answer get(String path, String token) {
        return send("GET", path, token, null, null);
    }

    public Answer delete(String path, String token) {
        return send("DELETE", path, token, null, null);
    }

    public Answer post(String path, String token, Object json) {
        return send("POST", path, token, json(json), "application/json");
    }

    public Answer put(String path, String token, Object json) {
        return send("PUT", path, token, json(json), "application/json");
    }

    public Answer patch(String path, String token, Object json) {
        return send("PATCH", path, token, json(json), "application/json");
    }

    /** A multipart/form-data upload of one file and text fields. */
    public Answer upload(String method, String path, String token, String fileField, byte[] file,
                         Map<String, String> fields) {
        String boundary = "----test" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                    + "\"; filename=\"identity.p12\"\r\nContent-Type: application/x-pkcs12\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(method, path, token, body.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    public Answer send(String method, String path, String token, byte[] body, String contentType) {
        return send(method, path, token, body, contentType, Map.of());
    }

    public Answer send(String method, String path, String token, byte[] body, String contentType,
                       Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(Object value) {
        if (value instanceof byte[] raw) {
            return raw;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return value == null ? new byte[0] : Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
