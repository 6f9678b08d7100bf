package io.signingmanager.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The few admin and auth calls the setup makes, over HTTPS to the pinned service certificate. */
final class AdminCalls {
    private final URI base;
    private final HttpClient http;

    AdminCalls(URI base, String pinnedSha256) {
        this.base = base;
        this.http = HttpClient.newBuilder().sslContext(TlsTrust.pinned(pinnedSha256).sslContext())
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** POSTs a JSON body (or none) and answers the JSON answer, refusing any other status than expected. */
    JsonNode post(String path, String token, Object body, int expected) throws IOException {
        byte[] bytes = body == null ? new byte[0] : Json.mapper().writeValueAsBytes(body);
        return send(path, token, bytes, "application/json", expected);
    }

    /** POSTs a multipart form with one file and text fields. */
    JsonNode upload(String path, String token, String fileField, byte[] file, Map<String, String> fields, int expected)
            throws IOException {
        String boundary = "----bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey()
                    + "\"\r\n\r\n" + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileField
                + "\"; filename=\"identity.p12\"\r\nContent-Type: application/x-pkcs12\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(path, token, body.toByteArray(), "multipart/form-data; boundary=" + boundary, expected);
    }

    private JsonNode send(String path, String token, byte[] body, String contentType, int expected) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted during POST " + path, e);
        }
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != expected) {
            throw new IOException("POST " + path + " answered HTTP " + response.statusCode() + " instead of "
                    + expected + ": " + text);
        }
        return text.isEmpty() ? Json.mapper().createObjectNode() : Json.mapper().readTree(text);
    }
}
