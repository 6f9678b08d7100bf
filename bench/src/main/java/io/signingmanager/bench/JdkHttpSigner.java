package io.signingmanager.bench;

import io.signingmanager.common.client.TlsTrust;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.SignRequest;
import io.signingmanager.common.protocol.SignResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;

/**
 * {@code POST /api/v1/client/sign} on the JDK {@code HttpClient}, built as {@code SigningServiceClient}
 * built it before its signatures moved to {@code KeepAliveHttps}: the benchmark keeps it as a route
 * of its own, so the figures show what the move bought against the same service in the same run.
 */
final class JdkHttpSigner {
    private final HttpClient http;
    private final HttpRequest.Builder template;

    JdkHttpSigner(BenchmarkSetup setup) {
        http = HttpClient.newBuilder().sslContext(TlsTrust.pinned(setup.tlsSha256()).sslContext())
                .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        template = HttpRequest.newBuilder(setup.uri().resolve("/api/v1/client/sign"))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + setup.clientToken()).header("Content-Type", "application/json");
    }

    byte[] sign(SignRequest request) throws IOException, InterruptedException {
        HttpRequest call = template.copy().POST(HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(request)))
                .build();
        HttpResponse<byte[]> response = http.send(call, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("The service answered HTTP " + response.statusCode());
        }
        return Base64.getDecoder().decode(Json.mapper().readValue(response.body(), SignResponse.class).signature());
    }
}
